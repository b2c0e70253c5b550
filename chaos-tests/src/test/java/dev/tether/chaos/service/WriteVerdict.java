package dev.tether.chaos.service;

/**
 * What the unique-key writers of one service scenario came to, checked against the server that must
 * hold the data afterwards.
 *
 * @param acknowledged           writes acknowledged with {@code OK}
 * @param notSent                writes refused as never sent ({@code RedisNotSentException})
 * @param refused                writes the server answered with an error reply (e.g. {@code READONLY}): not applied
 * @param unknown                writes whose outcome is unknown (timeout, connection lost after write)
 * @param lost                   acknowledged writes missing (or holding another value) afterwards
 * @param phantom                writes refused as not sent, or refused by the server, that were applied anyway
 * @param misdelivered           replies that belong to another command (a SET answered with anything but OK,
 *                               a read-back of one's own key answered with another value)
 * @param hung                   calls that took (or are still taking) longer than the hung bound
 * @param failedBeforeOwnTimeout calls that failed with TIMEOUT or STALLED before their own timeout
 * @param maxCallMillis          the longest call, in ms
 */
record WriteVerdict(long acknowledged, long notSent, long refused, long unknown, long lost, long phantom, long misdelivered, long hung,
                    long failedBeforeOwnTimeout, long maxCallMillis) {

    boolean invariantsHold() {
        return lost == 0 && phantom == 0 && misdelivered == 0 && hung == 0;
    }

    /** The outcome counts, for the report's figures column. */
    String outcomes() {
        return "writes: " + acknowledged + " ok, " + notSent + " not sent, " + refused + " refused, " + unknown + " unknown; longest call "
                + maxCallMillis + " ms";
    }

    /** The invariants, for the report's invariants column. */
    String invariants() {
        return "lost " + lost + ", phantom " + phantom + ", misdelivered " + misdelivered + ", hung " + hung;
    }
}
