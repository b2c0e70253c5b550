package dev.tether.doctor;

import dev.tether.config.RedisSettings;
import dev.tether.testkit.RedisServer;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A doctor run (the CLI's, or a service's at a failed bootstrap) leaves no thread of its own behind. */
class DoctorThreadsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void runsOnPlainTlsAndRefusedServersLeaveNoThreadBehind() throws Exception {
        try (RedisServer plain = RedisServer.builder().build().start();
             RedisServer tls = RedisServer.builder().tls().build().start()) {
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            Set<Thread> nonDaemonBefore = liveThreads(false);

            DoctorReport healthy = Doctor.run(RedisSettings.builder().host(plain.host()).port(plain.port()).build(), TIMEOUT);
            DoctorReport healthyTls = Doctor.run(RedisSettings.builder().host(tls.host()).port(tls.port()).tls(true)
                    .tlsCaFile(tls.caFile()).build(), TIMEOUT);
            DoctorReport refused = Doctor.run(RedisSettings.builder().host("127.0.0.1").port(closedPort).build(), TIMEOUT);

            assertThat(healthy.healthy()).as(healthy.toString()).isTrue();
            assertThat(healthyTls.healthy()).as(healthyTls.toString()).isTrue();
            assertThat(refused.healthy()).as(refused.toString()).isFalse();
            // the runs' threads end as their runs return (shutdownNow does not wait for a thread to exit)
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(doctorThreads()).isEmpty());
            assertThat(liveThreads(false)).as("non-daemon threads after three doctor runs").isSubsetOf(nonDaemonBefore);
        }
    }

    private static Set<String> doctorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("tether-doctor")).collect(Collectors.toSet());
    }

    /** Live threads, Awaitility's own poller (this test's, not the doctor's) left out. */
    private static Set<Thread> liveThreads(boolean daemon) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.isDaemon() == daemon)
                .filter(t -> !t.getName().startsWith("awaitility")).collect(Collectors.toSet());
    }
}
