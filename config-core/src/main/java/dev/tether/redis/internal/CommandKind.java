package dev.tether.redis.internal;

import dev.tether.redis.CommandRefusedException;
import io.lettuce.core.CompositeArgument;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.codec.StringCodec;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a command does to the connection it is sent on, and therefore where it may go. The
 * contract is documented per kind in {@code docs/command-kinds.md}; this class is where it is
 * decided. Stateless and thread-safe.
 */
public enum CommandKind {
    /** Replies depend only on the arguments: fine on any connection. */
    PLAIN,
    /** MULTI, EXEC, DISCARD, WATCH, UNWATCH: Lettuce queues every later command on the connection into the transaction. */
    TRANSACTION,
    /** SELECT: every later command on the connection goes to that database, and a reconnect silently resets it. */
    DATABASE,
    /** AUTH, HELLO: the connection's identity and protocol. */
    AUTHENTICATION,
    /** CLIENT TRACKING/CACHING/SETNAME/SETINFO/REPLY/NO-EVICT/NO-TOUCH, READONLY, READWRITE: per-connection flags lost on reconnect. */
    CLIENT_STATE,
    /** MONITOR, SYNC, PSYNC: the connection becomes a stream of server output. */
    MONITOR,
    /** (P|S)SUBSCRIBE and their UNSUBSCRIBE: the connection becomes a push channel. */
    SUBSCRIPTION,
    /** QUIT, RESET: ends or resets the session. */
    SESSION_END,
    /** BLPOP, BRPOP, BRPOPLPUSH, BLMOVE, BLMPOP, BZPOPMIN/MAX, BZMPOP, XREAD/XREADGROUP BLOCK, WAIT, WAITAOF: hold the connection. */
    BLOCKING,
    /** {@code setAutoFlushCommands}: stops every thread's commands from being written. */
    AUTO_FLUSH,
    /** Listener registration on the physical connection: dropped when tether replaces it. */
    LISTENER;

    private static final Map<String, CommandKind> BY_METHOD = Map.ofEntries(
            Map.entry("multi", TRANSACTION), Map.entry("exec", TRANSACTION), Map.entry("discard", TRANSACTION),
            Map.entry("watch", TRANSACTION), Map.entry("unwatch", TRANSACTION),
            Map.entry("select", DATABASE),
            Map.entry("auth", AUTHENTICATION),
            Map.entry("clientTracking", CLIENT_STATE), Map.entry("clientCaching", CLIENT_STATE), Map.entry("clientSetname", CLIENT_STATE),
            Map.entry("clientSetinfo", CLIENT_STATE), Map.entry("clientNoEvict", CLIENT_STATE), Map.entry("clientNoTouch", CLIENT_STATE),
            Map.entry("readOnly", CLIENT_STATE), Map.entry("readWrite", CLIENT_STATE),
            Map.entry("quit", SESSION_END),
            Map.entry("blpop", BLOCKING), Map.entry("brpop", BLOCKING), Map.entry("brpoplpush", BLOCKING), Map.entry("blmove", BLOCKING),
            Map.entry("blmovem", BLOCKING), Map.entry("blmpop", BLOCKING), Map.entry("bzpopmin", BLOCKING), Map.entry("bzpopmax", BLOCKING),
            Map.entry("bzmpop", BLOCKING), Map.entry("waitForReplication", BLOCKING),
            Map.entry("setAutoFlushCommands", AUTO_FLUSH),
            Map.entry("addListener", LISTENER));

    private static final Map<String, CommandKind> BY_KEYWORD = Map.ofEntries(
            Map.entry("MULTI", TRANSACTION), Map.entry("EXEC", TRANSACTION), Map.entry("DISCARD", TRANSACTION),
            Map.entry("WATCH", TRANSACTION), Map.entry("UNWATCH", TRANSACTION),
            Map.entry("SELECT", DATABASE),
            Map.entry("AUTH", AUTHENTICATION), Map.entry("HELLO", AUTHENTICATION),
            Map.entry("READONLY", CLIENT_STATE), Map.entry("READWRITE", CLIENT_STATE),
            Map.entry("MONITOR", MONITOR), Map.entry("SYNC", MONITOR), Map.entry("PSYNC", MONITOR),
            Map.entry("SUBSCRIBE", SUBSCRIPTION), Map.entry("PSUBSCRIBE", SUBSCRIPTION), Map.entry("SSUBSCRIBE", SUBSCRIPTION),
            Map.entry("UNSUBSCRIBE", SUBSCRIPTION), Map.entry("PUNSUBSCRIBE", SUBSCRIPTION), Map.entry("SUNSUBSCRIBE", SUBSCRIPTION),
            Map.entry("QUIT", SESSION_END), Map.entry("RESET", SESSION_END),
            Map.entry("BLPOP", BLOCKING), Map.entry("BRPOP", BLOCKING), Map.entry("BRPOPLPUSH", BLOCKING), Map.entry("BLMOVE", BLOCKING),
            Map.entry("BLMPOP", BLOCKING), Map.entry("BZPOPMIN", BLOCKING), Map.entry("BZPOPMAX", BLOCKING), Map.entry("BZMPOP", BLOCKING),
            Map.entry("WAIT", BLOCKING), Map.entry("WAITAOF", BLOCKING));

    private static final Set<String> CLIENT_STATE_SUBCOMMANDS = Set.of("TRACKING", "CACHING", "SETNAME", "SETINFO", "REPLY", "NO-EVICT", "NO-TOUCH");

    /** The kind of a Lettuce API method called with these arguments. */
    public static CommandKind ofMethod(String method, Object[] args) {
        CommandKind kind = BY_METHOD.get(method);
        if (kind != null) {
            return kind;
        }
        if ((method.equals("xread") || method.equals("xreadgroup")) && blockMillis(args) >= 0) {
            return BLOCKING;
        }
        return PLAIN;
    }

    /** The kind of a raw command ({@code dispatch}), from its keyword and rendered arguments. */
    public static CommandKind ofKeyword(String keyword, String renderedArgs) {
        String k = keyword.toUpperCase(Locale.ROOT);
        CommandKind kind = BY_KEYWORD.get(k);
        if (kind != null) {
            return kind;
        }
        String[] tokens = tokens(renderedArgs);
        if (k.equals("CLIENT") && tokens.length > 0 && CLIENT_STATE_SUBCOMMANDS.contains(tokens[0].toUpperCase(Locale.ROOT))) {
            return CLIENT_STATE;
        }
        if ((k.equals("XREAD") || k.equals("XREADGROUP")) && indexOfIgnoreCase(tokens, "BLOCK") >= 0) {
            return BLOCKING;
        }
        return PLAIN;
    }

    /** The command name to show: {@code CLIENT TRACKING}, {@code MULTI}, {@code setAutoFlushCommands}. */
    public static String displayName(String methodOrKeyword) {
        return switch (methodOrKeyword) {
            case "setAutoFlushCommands", "addListener" -> methodOrKeyword;
            case "clientTracking" -> "CLIENT TRACKING";
            case "clientCaching" -> "CLIENT CACHING";
            case "clientSetname" -> "CLIENT SETNAME";
            case "clientSetinfo" -> "CLIENT SETINFO";
            case "clientNoEvict" -> "CLIENT NO-EVICT";
            case "clientNoTouch" -> "CLIENT NO-TOUCH";
            case "readOnly" -> "READONLY";
            case "readWrite" -> "READWRITE";
            case "waitForReplication" -> "WAIT";
            default -> methodOrKeyword.toUpperCase(Locale.ROOT);
        };
    }

    /**
     * The refusal for this kind of command on a connection in this role, or {@code null} when it
     * may be sent.
     */
    public CommandRefusedException refusalOn(ConnectionRole role, String name) {
        String alternative = switch (this) {
            case PLAIN -> null;
            case TRANSACTION -> switch (role) {
                case SHARED, PIPELINE -> "SharedRedis.transaction(tx -> ...), which runs WATCH/MULTI/EXEC on a connection of its own";
                case DEDICATED -> null;
                case TRANSACTION -> name.equals("WATCH") || name.equals("UNWATCH") ? null
                        : "tx.multi() to start queuing; tether sends EXEC when the body returns and DISCARD when it throws";
            };
            case DATABASE -> "put the database in REDIS_URL (redis://host:6379/5) or start a SharedRedis for it; SELECT would move other "
                    + "threads' commands and silently revert after a reconnect";
            case AUTHENTICATION -> "set REDIS_USERNAME / REDIS_PASSWORD; tether authenticates every new connection with the current credentials";
            case CLIENT_STATE -> name.equals("CLIENT TRACKING") || name.equals("CLIENT CACHING")
                    ? "SharedRedis.clientSideCache(), which re-enables tracking and flushes the local cache after every reconnect"
                    : name.equals("CLIENT SETNAME") || name.equals("CLIENT SETINFO")
                    ? "set REDIS_CLIENT_NAME; tether names every new connection"
                    : "nothing on a supervised connection: the flag would apply to other callers and vanish on reconnect";
            case MONITOR -> "redis-cli MONITOR, outside the application";
            case SUBSCRIPTION -> "SharedRedis.pubSub(), a supervised connection that resubscribes after every reconnect (PUBLISH is fine here)";
            case SESSION_END -> "SharedRedis.close() at shutdown (or DedicatedConnection.close())";
            case BLOCKING -> role == ConnectionRole.SHARED || role == ConnectionRole.PIPELINE
                    ? "SharedRedis.dedicated(), whose timeout is the command's own block time plus the command timeout" : null;
            case AUTO_FLUSH -> "SharedRedis.pipeline(batch -> ...), which batches on a connection of its own and flushes when the body returns";
            case LISTENER -> "SharedRedis.addListener(...) for connection events, SharedRedis.pubSub() for messages, "
                    + "SharedRedis.clientSideCache() for invalidations";
        };
        return alternative == null ? null : new CommandRefusedException(name, role.description(), alternative);
    }

    /**
     * How long a blocking command may legitimately wait for its reply: the server-side timeout in
     * its arguments; {@link Duration#ZERO} for "forever" (or not found). Only for {@link #BLOCKING}.
     */
    public static Duration blockTimeOfMethod(String method, Object[] args) {
        switch (method) {
            case "xread", "xreadgroup" -> {
                long ms = blockMillis(args);
                return ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
            }
            case "waitForReplication" -> {
                return args.length > 1 && args[1] instanceof Number n ? Duration.ofMillis(n.longValue()) : Duration.ZERO;
            }
            default -> {
                // BLPOP/BRPOP/BZPOP*/BLMPOP/BZMPOP/BRPOPLPUSH carry seconds first, BLMOVE last: the one number among the arguments.
                for (Object a : args == null ? new Object[0] : args) {
                    if (a instanceof Long || a instanceof Integer || a instanceof Double) {
                        return seconds(((Number) a).doubleValue());
                    }
                }
                return Duration.ZERO;
            }
        }
    }

    /** The same for a raw command: {@code BLOCK ms} for streams, the trailing timeout otherwise. */
    public static Duration blockTimeOfKeyword(String keyword, String renderedArgs) {
        String k = keyword.toUpperCase(Locale.ROOT);
        String[] tokens = tokens(renderedArgs);
        try {
            switch (k) {
                case "XREAD", "XREADGROUP" -> {
                    int i = indexOfIgnoreCase(tokens, "BLOCK");
                    long ms = i >= 0 && i + 1 < tokens.length ? Long.parseLong(tokens[i + 1]) : 0;
                    return ms <= 0 ? Duration.ZERO : Duration.ofMillis(ms);
                }
                case "WAIT", "WAITAOF" -> {
                    return Duration.ofMillis(Long.parseLong(tokens[tokens.length - 1]));
                }
                case "BLMPOP", "BZMPOP" -> {
                    return seconds(Double.parseDouble(tokens[0]));
                }
                default -> {
                    return seconds(Double.parseDouble(tokens[tokens.length - 1]));
                }
            }
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    private static Duration seconds(double s) {
        return s <= 0 ? Duration.ZERO : Duration.ofNanos((long) (s * 1_000_000_000L));
    }

    /** The BLOCK milliseconds of an {@code XReadArgs} argument; -1 when there is none. */
    private static long blockMillis(Object[] args) {
        if (args == null) {
            return -1;
        }
        for (Object a : args) {
            if (a instanceof io.lettuce.core.XReadArgs x) {
                CommandArgs<String, String> rendered = new CommandArgs<>(StringCodec.UTF8);
                ((CompositeArgument) x).build(rendered);
                String[] tokens = tokens(rendered.toCommandString());
                int i = indexOfIgnoreCase(tokens, "BLOCK");
                if (i >= 0 && i + 1 < tokens.length) {
                    try {
                        return Long.parseLong(tokens[i + 1]);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }
            }
        }
        return -1;
    }

    private static String[] tokens(String rendered) {
        return rendered == null || rendered.isBlank() ? new String[0] : rendered.trim().split("\\s+");
    }

    private static int indexOfIgnoreCase(String[] tokens, String word) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equalsIgnoreCase(word)) {
                return i;
            }
        }
        return -1;
    }
}
