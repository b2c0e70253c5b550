package dev.tether.chaos.service;

import dev.tether.chaos.harness.Transport;
import dev.tether.config.RedisSettings;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A managed provider's failover behind a DNS name: two servers, the second replicating the first;
 * tether connected to the name; writers running. The switch, as a provider does it gracefully: writes
 * on the primary paused ({@code CLIENT PAUSE WRITE}) until the replica has everything, the replica
 * promoted, the name re-pointed, the old primary demoted to a replica of the new one (it answers
 * {@code READONLY} from then on), writes unpaused. Nothing acknowledged may be lost, the connection
 * must leave the demoted server, and the writes must reach the new primary.
 */
final class DnsFailoverRun {
    static final String NAME = "primary.orders.cache.test";
    private static final Duration BEFORE = Duration.ofMillis(700);
    private static final Duration AFTER = Duration.ofSeconds(1);

    /** What the run measured; the caller asserts. */
    record Result(WriteVerdict writes, long pausedMillis, Long firstKeptWriteMillis, long ackedAfterSwitchMissing, long tetherClientsLeftOnDemoted,
                  long readOnlyRefusals, List<String> readOnlyWarnings, long leaks, ReportRow row) {
    }

    private final TestCertificates certificates;

    DnsFailoverRun(TestCertificates certificates) {
        this.certificates = certificates;
    }

    Result run(Transport transport) throws Exception {
        long began = System.nanoTime();
        try (RedisServer first = server(transport); RedisServer second = server(transport); TetherLog log = TetherLog.attach();
             Jedis firstConsole = console(first, transport); Jedis secondConsole = console(second, transport)) {
            secondConsole.replicaof(first.host(), first.port());
            await("the replica's link to the primary").atMost(Duration.ofSeconds(15))
                    .until(() -> secondConsole.info("replication").contains("master_link_status:up"));
            long linked = System.nanoTime();
            SwitchableName name = new SwitchableName(NAME, first);
            RedisSettings.Builder settings = RedisSettings.builder().host(NAME).port(6379).commandTimeout(RedisSettings.DEFAULT_COMMAND_TIMEOUT);
            if (transport == Transport.TLS) {
                settings.tls(true).tlsCaFile(certificates.caFile());
            }
            Duration hungBound = RedisSettings.DEFAULT_COMMAND_TIMEOUT.multipliedBy(2).plusSeconds(3);
            try (SharedRedis redis = name.resolvedBy(SharedRedis.builder(settings.build())).start()) {
                redis.awaitReady(Duration.ofSeconds(15));
                KeyWriters writers = new KeyWriters(redis, "failover", 3, hungBound).start();
                Thread.sleep(BEFORE.toMillis()); // traffic before the switch, not a wait for a condition

                // The switch runs on persistent connections (no new connection or TLS handshake per step), so the
                // writes stay paused for milliseconds, well inside their timeout, as in a provider's failover.
                long pausedAt = System.nanoTime();
                firstConsole.sendCommand(Protocol.Command.CLIENT, "PAUSE", "5000", "WRITE");
                await("the replica caught up").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                        .until(() -> offset(secondConsole, "slave_repl_offset") == offset(firstConsole, "master_repl_offset"));
                secondConsole.replicaofNoOne();
                name.pointTo(second);
                firstConsole.replicaof(second.host(), second.port());
                long switched = System.nanoTime();
                firstConsole.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
                long pausedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt);
                firstConsole.close(); // the demoted server is then expected to have no client but the new primary's link

                Thread.sleep(AFTER.toMillis()); // traffic after the switch
                await("the writers reach the new primary").atMost(Duration.ofSeconds(15))
                        .until(() -> writers.firstAcknowledgedAfter(switched) != null);
                // The demoted server keeps the old connection until every command on it is answered or past its deadline.
                long left;
                long leftAfterMillis = -1;
                try {
                    await("tether leaves the demoted server").atMost(Duration.ofSeconds(10)).until(() -> serviceClients(first) == 0);
                    left = 0;
                    leftAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - switched);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    left = serviceClients(first);
                }
                long verifyFrom = System.nanoTime();
                long stuck = writers.stop();
                WriteVerdict v = writers.verify(second, stuck);
                Long firstKept = writers.firstAcknowledgedAfter(switched);
                Long firstKeptMillis = firstKept == null ? null : TimeUnit.NANOSECONDS.toMillis(firstKept - switched);
                Set<String> afterSwitch = writers.acknowledgedAfter(switched);
                long missing = writers.lostAmong(afterSwitch);
                long readOnly = writers.errorReplies().getOrDefault("READONLY", 0L);
                List<String> warnings = log.warningsContaining("READONLY");
                String figures = v.outcomes() + "; writes paused " + pausedMillis + " ms for the switch"
                        + "; first kept write on the new primary " + firstKeptMillis + " ms after the switch"
                        + "; " + readOnly + " READONLY replies; " + afterSwitch.size() + " writes acknowledged after the switch"
                        + "; tether connections left on the demoted server: " + left + (left == 0 ? " (" + leftAfterMillis + " ms after the switch)" : "")
                        + "; WARN lines naming READONLY: " + warnings.size()
                        + String.format("; phases: servers+replication %d ms, verify %d ms", TimeUnit.NANOSECONDS.toMillis(linked - began),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - verifyFrom));
                String invariants = v.invariants() + ", acknowledged after the switch but not on the new primary " + missing
                        + ", secrets in logs " + log.leaks();
                return new Result(v, pausedMillis, firstKeptMillis, missing, left, readOnly, warnings, log.leaks(),
                        new ReportRow("dns-failover", transport.id(), figures, invariants));
            }
        }
    }

    private RedisServer server(Transport transport) {
        // no 5 s wait for more replicas before a diskless full sync (Redis 7's default)
        RedisServer.Builder b = RedisServer.builder().config("repl-diskless-sync-delay 0");
        if (transport == Transport.TLS) {
            b.tls(certificates).config("tls-replication yes");
        }
        return b.start();
    }

    /** Client connections other than the kit's admin and the replication link from the new primary (flag M). */
    private static long serviceClients(RedisServer server) {
        return server.command("CLIENT", "LIST").lines()
                .filter(l -> !l.contains(" user=" + RedisServer.ADMIN_USER + " ") && !l.matches(".* flags=[A-Za-z]*M.*"))
                .count();
    }

    /** A persistent admin connection as the default user (the servers have no password), TLS when the server speaks it. */
    private Jedis console(RedisServer server, Transport transport) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().timeoutMillis(5000);
        if (transport == Transport.TLS) {
            config.ssl(true).sslSocketFactory(certificates.sslContext(false).getSocketFactory());
        }
        return new Jedis(new HostAndPort(server.host(), server.port()), config.build());
    }

    private static long offset(Jedis console, String field) {
        for (String line : console.info("replication").split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        return -1;
    }
}
