package dev.tether.redis;

import java.util.Map;

/**
 * A multi-key command was refused on a Redis Cluster because its keys hash to different slots:
 * Redis runs a command (a transaction, a script) only when all its keys are in ONE slot, and would
 * answer {@code CROSSSLOT}. Nothing was sent. Give the keys a common hash tag, the part between
 * the first {@code {}} and {@code }}, e.g. {@code {order:42}.items} and {@code {order:42}.total}:
 * only the tag is hashed, so they share a slot.
 *
 * <p>tether refuses even the commands Lettuce's cluster client would split per slot
 * ({@code MSET}, {@code MGET}, {@code DEL}...): split, they are no longer atomic, so code written
 * for one server would change meaning silently.
 */
public final class CrossSlotException extends CommandRefusedException {
    private final Map<String, Integer> slots;

    public CrossSlotException(String command, Map<String, Integer> slots) {
        super(command, "a Redis Cluster: its keys hash to different slots " + slots
                        + " and Redis runs a multi-key command only when every key is in one slot",
                "give the keys a common hash tag so they share a slot (e.g. {order:42}.items and {order:42}.total: "
                        + "only the part inside {...} is hashed), or send one command per key");
        this.slots = Map.copyOf(slots);
    }

    /** Each key of the refused command and its hash slot (0..16383). */
    public Map<String, Integer> slots() {
        return slots;
    }
}
