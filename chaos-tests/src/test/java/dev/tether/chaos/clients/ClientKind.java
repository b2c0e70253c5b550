package dev.tether.chaos.clients;

import java.util.function.Function;

/** The clients the suite drives: tether, and the untuned peers a user would pick instead. */
public enum ClientKind {
    TETHER("tether", TetherClient::open),
    LETTUCE_DEFAULT("lettuce-default", LettuceDefaultClient::new),
    JEDIS_DEFAULT("jedis-default", JedisDefaultClient::new),
    REDISSON_DEFAULT("redisson-default", RedissonDefaultClient::new);

    private final String id;
    private final Function<Target, ChaosClient> opener;

    ClientKind(String id, Function<Target, ChaosClient> opener) {
        this.id = id;
        this.opener = opener;
    }

    /** The untuned peers of the baseline runs. */
    public static java.util.stream.Stream<ClientKind> peers() {
        return java.util.Arrays.stream(values()).filter(k -> k != TETHER);
    }

    /** The name used in the report. */
    public String id() {
        return id;
    }

    /** Creates the client; tether starts connecting in the background, the peers connect in {@link ChaosClient#awaitReady}. */
    public ChaosClient open(Target target) {
        return opener.apply(target);
    }
}
