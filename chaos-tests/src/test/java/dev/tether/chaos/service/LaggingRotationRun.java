package dev.tether.chaos.service;

import dev.tether.chaos.harness.Canaries;
import dev.tether.chaos.harness.Transport;
import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;
import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A credential rotation whose source lags the server by one second, while writers run: the server's
 * password changes and its connections are dropped; tether's credential source (a secrets store)
 * still hands out the old password for {@link #LAG}, then the new one. The connection must come back
 * after the store caught up, within a bound, with its attempts and its reads of the store
 * rate-limited meanwhile, and no password may reach a log.
 */
final class LaggingRotationRun {
    static final Duration LAG = Duration.ofSeconds(1);

    record Result(WriteVerdict writes, long recoveryMillis, long downMillis, int attempts, int sourceReads, long leaks, ReportRow row) {
    }

    private final TestCertificates certificates;

    LaggingRotationRun(TestCertificates certificates) {
        this.certificates = certificates;
    }

    Result run(Transport transport) throws Exception {
        String oldPassword = Canaries.newPassword();
        String newPassword = Canaries.newPassword();
        RedisServer.Builder b = RedisServer.builder().requirePass(oldPassword);
        if (transport == Transport.TLS) {
            b.tls(certificates);
        }
        try (RedisServer server = b.start(); TetherLog log = TetherLog.attach()) {
            AtomicReference<String> store = new AtomicReference<>(oldPassword);
            AtomicInteger reads = new AtomicInteger();
            RedisSettings base = settings(server, transport, oldPassword);
            List<long[]> failures = new CopyOnWriteArrayList<>();
            AtomicReference<Long> recovered = new AtomicReference<>();
            try (SharedRedis redis = SharedRedis.builder(base).credentialsSource(() -> {
                reads.incrementAndGet();
                return settings(server, transport, store.get());
            }).listener(e -> {
                if (e.type() == ConnectionEvent.Type.RECONNECT_FAILED) {
                    failures.add(new long[]{System.nanoTime()});
                } else if (e.type() == ConnectionEvent.Type.RECOVERED) {
                    recovered.compareAndSet(null, System.nanoTime());
                }
            }).start()) {
                redis.awaitReady(Duration.ofSeconds(15));
                KeyWriters writers = new KeyWriters(redis, "rotation", 3, RedisSettings.DEFAULT_COMMAND_TIMEOUT.multipliedBy(2).plusSeconds(3)).start();
                Thread.sleep(700); // traffic before the rotation

                int readsBefore = reads.get();
                server.setPassword(newPassword);
                long rotated = System.nanoTime();
                server.command("CLIENT", "KILL", "TYPE", "normal");
                await("the connection is dropped").atMost(Duration.ofSeconds(5)).until(() -> redis.state() != ConnectionState.CONNECTED);
                Thread.sleep(Math.max(0, LAG.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rotated))); // the store's lag itself
                store.set(newPassword);
                long caughtUp = System.nanoTime();

                await("the connection is back").atMost(Duration.ofSeconds(20)).until(() -> recovered.get() != null);
                long back = recovered.get();
                Thread.sleep(700); // traffic after recovery
                long stuck = writers.stop();
                WriteVerdict v = writers.verify(server, stuck);
                int attempts = (int) failures.stream().filter(f -> f[0] >= rotated && f[0] <= back).count();
                int sourceReads = reads.get() - readsBefore;
                long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(back - caughtUp);
                long downMillis = TimeUnit.NANOSECONDS.toMillis(back - rotated);
                String figures = "back " + recoveryMillis + " ms after the store caught up (down " + downMillis + " ms); " + attempts
                        + " failed attempts, " + sourceReads + " reads of the credential source meanwhile; " + v.outcomes();
                String invariants = v.invariants() + ", secrets in logs " + log.leaks();
                return new Result(v, recoveryMillis, downMillis, attempts, sourceReads, log.leaks(),
                        new ReportRow("lagging-rotation", transport.id(), figures, invariants));
            }
        }
    }

    private RedisSettings settings(RedisServer server, Transport transport, String password) {
        RedisSettings.Builder s = RedisSettings.builder().host(server.host()).port(server.port()).password(Secret.of(password))
                .commandTimeout(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
        if (transport == Transport.TLS) {
            s.tls(true).tlsCaFile(certificates.caFile());
        }
        return s.build();
    }
}
