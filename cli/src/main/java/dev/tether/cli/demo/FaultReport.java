package dev.tether.cli.demo;

/**
 * What happened to one fault of the script. Times in milliseconds; {@code null} when not observed.
 *
 * @param fault        the fault
 * @param detail       its parameters, e.g. {@code 1500 ms per reply}
 * @param ran          false when the run's time ran out before it
 * @param startedAtMs  when it was injected, since the demo started
 * @param heldMs       how long it was in place
 * @param detectedMs   from injection to the first sign: a connection event or a failed command
 * @param recoveredMs  from clearing it to the first successful command sent after that
 * @param jobsSubmitted jobs confirmed from its injection until the next fault
 * @param jobsLost     of those, jobs with no result at the end
 */
record FaultReport(Fault fault, String detail, boolean ran, long startedAtMs, long heldMs, Long detectedMs, Long recoveredMs,
                   int jobsSubmitted, int jobsLost) {
    boolean recovered() {
        return ran && recoveredMs != null;
    }
}
