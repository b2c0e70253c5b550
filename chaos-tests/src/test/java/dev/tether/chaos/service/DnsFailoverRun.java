package dev.tether.chaos.service;

import dev.tether.chaos.harness.Transport;
import dev.tether.config.RedisSettings;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.TestCertificates;

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
    record Result(WriteVerdict writes, Long firstKeptWriteMillis, long ackedAfterSwitchMissing, long tetherClientsLeftOnDemoted,
                  long readOnlyRefusals, List<String> readOnlyWarnings, long leaks, ReportRow row) {
    }

    private final TestCertificates certificates;

    DnsFailoverRun(TestCertificates certificates) {
        this.certificates = certificates;
    }

    Result run(Transport transport) throws Exception {
        try (RedisServer first = server(transport); RedisServer second = server(transport); TetherLog log = TetherLog.attach()) {
            second.command("REPLICAOF", first.host(), String.valueOf(first.port()));
            await("the replica's link to the primary").atMost(Duration.ofSeconds(15))
                    .until(() -> second.command("INFO", "replication").contains("master_link_status:up"));
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

                first.command("CLIENT", "PAUSE", "5000", "WRITE");
                await("the replica caught up").atMost(Duration.ofSeconds(5)).until(() -> offset(second, "slave_repl_offset")
                        == offset(first, "master_repl_offset"));
                second.command("REPLICAOF", "NO", "ONE");
                name.pointTo(second);
                first.command("REPLICAOF", second.host(), String.valueOf(second.port()));
                long switched = System.nanoTime();
                first.command("CLIENT", "UNPAUSE");

                Thread.sleep(AFTER.toMillis()); // traffic after the switch
                await("the writers reach the new primary").atMost(Duration.ofSeconds(15))
                        .until(() -> writers.firstAcknowledgedAfter(switched) != null);
                // The demoted server keeps the old connection until every command on it is answered or past its deadline.
                long left;
                try {
                    await("tether leaves the demoted server").atMost(Duration.ofSeconds(10)).until(() -> serviceClients(first) == 0);
                    left = 0;
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    left = serviceClients(first);
                }
                long stuck = writers.stop();
                WriteVerdict v = writers.verify(second, stuck);
                Long firstKept = writers.firstAcknowledgedAfter(switched);
                Long firstKeptMillis = firstKept == null ? null : TimeUnit.NANOSECONDS.toMillis(firstKept - switched);
                Set<String> afterSwitch = writers.acknowledgedAfter(switched);
                long missing = writers.lostAmong(afterSwitch);
                long readOnly = writers.errorReplies().getOrDefault("READONLY", 0L);
                List<String> warnings = log.warningsContaining("READONLY");
                String figures = v.outcomes() + "; first kept write on the new primary " + firstKeptMillis + " ms after the switch; "
                        + readOnly + " READONLY replies; " + afterSwitch.size() + " writes acknowledged after the switch; "
                        + "tether connections left on the demoted server: " + left + "; WARN lines naming READONLY: " + warnings.size();
                String invariants = v.invariants() + ", acknowledged after the switch but not on the new primary " + missing
                        + ", secrets in logs " + log.leaks();
                return new Result(v, firstKeptMillis, missing, left, readOnly, warnings, log.leaks(),
                        new ReportRow("dns-failover", transport.id(), figures, invariants));
            }
        }
    }

    private RedisServer server(Transport transport) {
        RedisServer.Builder b = RedisServer.builder();
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

    private static long offset(RedisServer server, String field) {
        for (String line : server.command("INFO", "replication").split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim());
            }
        }
        return -1;
    }
}
