package dev.tether.chaos.cluster;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.RedisSentinelSet;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When the leading sentinel sent {@code REPLICAOF NO ONE} to the replica: it publishes
 * {@code +failover-state-wait-promotion} right after queueing the command (redis/redis {@code sentinel.c},
 * {@code sentinelFailoverSendSlaveOfNoOne}). Polling the replica's {@code ROLE} sees the promotion later, by up to a
 * second on a loaded machine (every poll opens a connection), and a write the old primary acknowledged in between
 * would be counted as the server's loss although the client wrote to a superseded primary.
 */
final class PromotionWitness implements AutoCloseable {
    private static final String CHANNEL = "+failover-state-wait-promotion";
    private final RedisClient client = RedisClient.create();
    private final AtomicLong firstNanos = new AtomicLong();

    PromotionWitness(RedisSentinelSet set) {
        if (set.isTls()) {
            client.setOptions(ClientOptions.builder()
                    .sslOptions(SslOptions.builder().trustManager(set.certificates().caFile().toFile()).build()).build());
        }
        for (RedisServer sentinel : set.sentinels()) {
            RedisURI uri = RedisURI.builder().withHost(sentinel.host()).withPort(sentinel.port()).withSsl(set.isTls())
                    .withTimeout(Duration.ofSeconds(5)).build();
            StatefulRedisPubSubConnection<String, String> c = client.connectPubSub(uri);
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    if (message.contains("@ " + set.masterName() + " ")) {
                        firstNanos.compareAndSet(0, System.nanoTime());
                    }
                }
            });
            c.sync().subscribe(CHANNEL);
        }
    }

    /** When the first sentinel announced it (System.nanoTime), or 0. */
    long nanos() {
        return firstNanos.get();
    }

    @Override
    public void close() {
        client.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
