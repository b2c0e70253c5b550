package dev.tether.redis;

/**
 * A command whose effect belongs to one physical connection (a transaction, a database switch, a
 * subscription, client tracking, a blocking read, auto-flush) was refused on a connection that other
 * code shares or that tether may replace. Nothing was sent. The message names the safe alternative;
 * retrying the same call will fail the same way.
 *
 * <p>See {@code docs/command-kinds.md} for what happens to each kind of command.
 */
public class CommandRefusedException extends UnsupportedOperationException {
    private final String command;
    private final String alternative;

    public CommandRefusedException(String command, String reason, String alternative) {
        super(command + " is refused on " + reason + "; nothing was sent. Instead: " + alternative);
        this.command = command;
        this.alternative = alternative;
    }

    /** The refused command or method, e.g. {@code MULTI} or {@code setAutoFlushCommands}. */
    public String command() {
        return command;
    }

    /** What to use instead, e.g. {@code SharedRedis.transaction(tx -> ...)}. */
    public String alternative() {
        return alternative;
    }
}
