package dev.tether.redis.internal;

import dev.tether.redis.RedisNotSentException;

import java.util.concurrent.atomic.AtomicReference;

/**
 * On a dedicated connection, {@code WATCH}/{@code MULTI} pin the physical connection until
 * {@code EXEC}/{@code DISCARD}/{@code UNWATCH}: if it is lost meanwhile, later commands fail as not
 * sent instead of silently running outside the transaction on a new connection. Shared by the views
 * of one connection (a transaction body's view included). Thread-safe.
 */
final class TransactionPin {
    private final AtomicReference<Link> pinned = new AtomicReference<>();
    /** {@code host:port}, as messages name the server. */
    private final String target;

    TransactionPin(String target) {
        this.target = target;
    }

    /** Whether a WATCH or MULTI holds the views to one physical connection. */
    boolean held() {
        return pinned.get() != null;
    }

    /** Whether the pinned connection is open and inside {@code MULTI}. */
    boolean inMulti() {
        Link p = pinned.get();
        return p != null && p.usable() && p.isMulti();
    }

    /**
     * The pinned connection when it is usable; {@code null} when nothing is pinned, or the pinned
     * connection was lost and this command starts a new transaction.
     *
     * @throws RedisNotSentException when the transaction's connection was lost
     */
    Link linkFor(CommandKind kind, String name, Object[] args) {
        Link pin = pinned.get();
        if (pin != null) {
            if (pin.usable()) {
                return pin;
            }
            String upper = CommandKind.displayName(name.equals("dispatch") ? String.valueOf(args[0]) : name);
            boolean startsNew = upper.equals("MULTI") || upper.equals("WATCH");
            if (kind == CommandKind.TRANSACTION) {
                pinned.compareAndSet(pin, null);
            }
            if (!startsNew) {
                throw new RedisNotSentException("not sent: the connection holding this transaction (WATCH/MULTI) to " + target
                        + " was lost, so the transaction is gone and none of its queued commands ran; start it again");
            }
        }
        return null;
    }

    /** A transaction command is being sent on {@code link}: pin or unpin. */
    void update(Link link, String name, Object[] args) {
        String upper = CommandKind.displayName(name.equals("dispatch") ? String.valueOf(args[0]) : name);
        switch (upper) {
            case "MULTI", "WATCH" -> pinned.set(link);
            // EXEC and DISCARD end MULTI and WATCH alike; UNWATCH ends WATCH unless MULTI is open
            case "EXEC", "DISCARD" -> pinned.compareAndSet(link, null);
            case "UNWATCH" -> {
                if (!link.isMulti()) {
                    pinned.compareAndSet(link, null);
                }
            }
            default -> {
            }
        }
    }
}
