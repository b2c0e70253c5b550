package dev.tether.redis.internal;

import dev.tether.redis.CommandRefusedException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.protocol.CommandArgs;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a call on one of the proxied views (a method name and its arguments, or raw
 * {@code dispatch}): which {@link CommandKind} it is, whether a {@link ConnectionRole} refuses it,
 * and which async method sends it. Stateless apart from a cache; thread-safe.
 */
final class ProxiedCalls {
    private static final Map<Method, Optional<Method>> ASYNC_COUNTERPART = new ConcurrentHashMap<>();

    private ProxiedCalls() {
    }

    static CommandKind classify(String name, Object[] args) {
        if (name.equals("dispatch") && args != null && args.length > 0 && args[0] != null) {
            return CommandKind.ofKeyword(args[0].toString(), args.length > 2 && args[2] instanceof CommandArgs<?, ?> a ? render(a) : "");
        }
        return CommandKind.ofMethod(name, args);
    }

    /** @throws CommandRefusedException when {@code role} cannot take a command of this kind (nothing sent) */
    static void refuseIfNeeded(ConnectionRole role, CommandKind kind, String name, Object[] args) {
        if (kind == CommandKind.PLAIN) {
            return;
        }
        String shown = name.equals("dispatch") && args != null && args.length > 0 ? String.valueOf(args[0]) : CommandKind.displayName(name);
        if (kind == CommandKind.CLIENT_STATE && name.equals("dispatch")) {
            String rendered = args.length > 2 && args[2] instanceof CommandArgs<?, ?> a ? render(a) : "";
            shown = "CLIENT " + rendered.trim().split("\\s+")[0].toUpperCase(java.util.Locale.ROOT);
        }
        CommandRefusedException refusal = kind.refusalOn(role, shown);
        if (refusal != null) {
            throw refusal;
        }
    }

    static String render(CommandArgs<?, ?> args) {
        return args == null ? "" : args.toCommandString();
    }

    /** The {@link RedisAsyncCommands} method returning a future for {@code syncMethod}; {@code null} when there is none. */
    static Method asyncCounterpart(Method syncMethod) {
        return ASYNC_COUNTERPART.computeIfAbsent(syncMethod, ProxiedCalls::findAsync).orElse(null);
    }

    private static Optional<Method> findAsync(Method syncMethod) {
        try {
            Method m = RedisAsyncCommands.class.getMethod(syncMethod.getName(), syncMethod.getParameterTypes());
            return RedisFuture.class.isAssignableFrom(m.getReturnType()) ? Optional.of(m) : Optional.empty();
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
