package dev.tether.redis.internal;

import dev.tether.redis.CommandRefusedException;
import dev.tether.redis.CrossSlotException;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the facade needs to send a standalone-typed call ({@code RedisCommands},
 * {@code RedisAsyncCommands}...) over Lettuce's cluster connection: the cluster interface's method
 * of the same signature (a call with none, e.g. {@code MULTI}, is refused), and the slot rule (a
 * call whose keys hash to different slots is refused with {@link CrossSlotException} before
 * anything is sent).
 *
 * <p>Keys are found from the method's declared parameter types, once per method: Lettuce types a
 * key as {@code K} ({@code K}, {@code K...}, the keys of a {@code Map<K, V>}, the names of
 * {@code StreamOffset<K>}s). Where Lettuce also types non-keys as {@code K} (hash fields, stream
 * group and consumer names, pub/sub channels) only the first {@code K} is the key. Calls whose keys
 * hide inside an argument object (e.g. {@code SORT ... STORE}) and raw {@code dispatch} go out
 * unchecked; a {@code CROSSSLOT} reply to them becomes the same exception (see
 * {@link #crossSlotReply(String, Throwable)}). Thread-safe.
 */
final class ClusterCommands {
    private static final Map<Method, Optional<Method>> MAPPED = new ConcurrentHashMap<>();
    private static final Map<Method, KeyPositions> KEYS = new ConcurrentHashMap<>();

    private final StatefulRedisClusterConnection<String, String> connection;

    ClusterCommands(StatefulRedisClusterConnection<String, String> connection) {
        this.connection = connection;
    }

    StatefulRedisClusterConnection<String, String> connection() {
        return connection;
    }

    /** The async cluster method for a standalone async (or sync) method. */
    static Method async(Method standalone) {
        return mapped(standalone, RedisAdvancedClusterAsyncCommands.class);
    }

    static Method sync(Method standalone) {
        return mapped(standalone, RedisAdvancedClusterCommands.class);
    }

    static Method reactive(Method standalone) {
        return mapped(standalone, RedisAdvancedClusterReactiveCommands.class);
    }

    static Method connection(Method standalone) {
        return mapped(standalone, StatefulRedisClusterConnection.class);
    }

    private static Method mapped(Method standalone, Class<?> clusterType) {
        Optional<Method> m = MAPPED.computeIfAbsent(standalone, s -> {
            try {
                return Optional.of(clusterType.getMethod(s.getName(), s.getParameterTypes()));
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        });
        return m.orElseThrow(() -> refusedOnCluster(standalone.getName()));
    }

    static CommandRefusedException refusedOnCluster(String method) {
        String shown = CommandKind.displayName(method);
        return new CommandRefusedException(shown, "a Redis Cluster connection (it needs one server's connection, which a cluster "
                + "connection is not: each key goes to its own node)",
                "a Lua script (EVAL) whose keys share one hash slot instead of MULTI/EXEC; database 0 instead of SELECT");
    }

    /**
     * Refuses the call when its keys hash to more than one slot.
     *
     * @throws CrossSlotException naming each key's slot; nothing was sent
     */
    static void requireOneSlot(Method method, Object[] args) {
        if (args == null || args.length == 0) {
            return;
        }
        List<String> keys = KEYS.computeIfAbsent(method, KeyPositions::of).keys(args);
        if (keys.size() < 2) {
            return;
        }
        int first = SlotHash.getSlot(keys.get(0));
        for (int i = 1; i < keys.size(); i++) {
            if (SlotHash.getSlot(keys.get(i)) != first) {
                Map<String, Integer> slots = new LinkedHashMap<>();
                keys.forEach(k -> slots.put(k, SlotHash.getSlot(k)));
                throw new CrossSlotException(CommandKind.displayName(method.getName()), slots);
            }
        }
    }

    /** A {@code CROSSSLOT} error reply (a call the pre-check could not see into) as tether's exception, else {@code null}. */
    static CrossSlotException crossSlotReply(String method, Throwable error) {
        String m = error.getMessage();
        if (m == null || !m.startsWith("CROSSSLOT")) {
            return null;
        }
        CrossSlotException e = new CrossSlotException(method, Map.of());
        e.initCause(error);
        return e;
    }

    /** Where a method's keys are, from its declared parameter types. */
    private record KeyPositions(List<Integer> single, List<Integer> arrays, List<Integer> maps, List<Integer> iterables,
                                List<Integer> streams, List<Integer> streamArrays) {

        static KeyPositions of(Method method) {
            String name = method.getName().toLowerCase(Locale.ROOT);
            // Lettuce types hash fields, stream group/consumer names and channels as K too: only the first K is a key there.
            boolean firstOnly = name.startsWith("h") || name.startsWith("x") || name.contains("publish") || name.startsWith("pubsub");
            List<Integer> single = new ArrayList<>();
            List<Integer> arrays = new ArrayList<>();
            List<Integer> maps = new ArrayList<>();
            List<Integer> iterables = new ArrayList<>();
            List<Integer> streams = new ArrayList<>();
            List<Integer> streamArrays = new ArrayList<>();
            Type[] types = method.getGenericParameterTypes();
            boolean keySeen = false;
            for (int i = 0; i < types.length; i++) {
                Type t = types[i];
                // a stream offset always names a key (XREAD reads several); after it a K is a group name (XGROUP CREATE)
                if (isStreamOffset(t)) {
                    streams.add(i);
                    keySeen = true;
                    continue;
                }
                if (t instanceof GenericArrayType g && isStreamOffset(g.getGenericComponentType())) {
                    streamArrays.add(i);
                    keySeen = true;
                    continue;
                }
                if (firstOnly && keySeen) {
                    continue;
                }
                if (isK(t)) {
                    single.add(i);
                    keySeen = true;
                } else if (t instanceof GenericArrayType g && isK(g.getGenericComponentType())) {
                    arrays.add(i);
                    keySeen = true;
                } else if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                        && p.getActualTypeArguments().length > 0 && isK(p.getActualTypeArguments()[0])) {
                    if (Map.class.isAssignableFrom(raw)) {
                        maps.add(i);
                        keySeen = true;
                    } else if (Iterable.class.isAssignableFrom(raw)) {
                        iterables.add(i);
                        keySeen = true;
                    }
                }
            }
            return new KeyPositions(single, arrays, maps, iterables, streams, streamArrays);
        }

        List<String> keys(Object[] args) {
            List<String> keys = new ArrayList<>();
            single.forEach(i -> add(keys, args[i]));
            for (int i : arrays) {
                if (args[i] instanceof Object[] a) {
                    for (Object k : a) {
                        add(keys, k);
                    }
                }
            }
            for (int i : maps) {
                if (args[i] instanceof Map<?, ?> m) {
                    m.keySet().forEach(k -> add(keys, k));
                }
            }
            for (int i : iterables) {
                if (args[i] instanceof Iterable<?> it) {
                    it.forEach(k -> add(keys, k));
                }
            }
            for (int i : streams) {
                if (args[i] instanceof XReadArgs.StreamOffset<?> o) {
                    add(keys, o.getName());
                }
            }
            for (int i : streamArrays) {
                if (args[i] instanceof Object[] a) {
                    for (Object o : a) {
                        if (o instanceof XReadArgs.StreamOffset<?> s) {
                            add(keys, s.getName());
                        }
                    }
                }
            }
            return keys;
        }

        private static void add(List<String> keys, Object key) {
            if (key instanceof String s) {
                keys.add(s);
            }
        }

        private static boolean isK(Type t) {
            return t instanceof TypeVariable<?> v && v.getName().equals("K");
        }

        private static boolean isStreamOffset(Type t) {
            return t instanceof ParameterizedType p && p.getRawType() == XReadArgs.StreamOffset.class;
        }
    }
}
