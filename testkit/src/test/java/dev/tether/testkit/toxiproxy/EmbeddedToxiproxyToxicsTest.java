package dev.tether.testkit.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static eu.rekawek.toxiproxy.model.ToxicDirection.DOWNSTREAM;
import static eu.rekawek.toxiproxy.model.ToxicDirection.UPSTREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Each toxic's effect on real bytes, through real loopback sockets to an echo server. */
class EmbeddedToxiproxyToxicsTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private EmbeddedToxiproxy toxiproxy;
    private ToxiproxyClient client;
    private EchoServer echo;
    private Proxy proxy;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        toxiproxy = EmbeddedToxiproxy.start("127.0.0.1", 0);
        client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());
        echo = new EchoServer();
        proxy = client.createProxy("echo", "127.0.0.1:0", echo.address());
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        toxiproxy.close();
        echo.close();
    }

    @Test
    void bytesPassUnchangedWithoutToxics() throws Exception {
        Socket socket = connect();
        assertThat(roundTrip(socket, HELLO)).isLessThan(2_000);
    }

    @Test
    void latencyDelaysEachDirectionByAtLeastItsLatency() throws Exception {
        proxy.toxics().latency("down", DOWNSTREAM, 300);
        Socket socket = connect();

        assertThat(roundTrip(socket, HELLO)).isBetween(300L, 3_000L);

        proxy.toxics().latency("up", UPSTREAM, 200);
        assertThat(roundTrip(socket, HELLO)).as("toxics on an open connection apply").isBetween(500L, 3_500L);
    }

    @Test
    void chainedLatenciesAddUp() throws Exception {
        proxy.toxics().latency("first", DOWNSTREAM, 150);
        proxy.toxics().latency("second", DOWNSTREAM, 150);

        assertThat(roundTrip(connect(), HELLO)).isBetween(300L, 3_000L);
    }

    @Test
    void removingLatencyFlushesTheHeldBytesAtOnce() throws Exception {
        Socket socket = connect();
        Latency latency = proxy.toxics().latency("lag", DOWNSTREAM, 60_000);
        socket.getOutputStream().write(HELLO);
        assertNothingArrives(socket, 300);

        long start = System.nanoTime();
        latency.remove();

        assertThat(readExactly(socket, HELLO.length)).isEqualTo(HELLO);
        assertThat(millisSince(start)).isLessThan(2_000);
    }

    @Test
    void updatingLatencyRestartsItWithTheNewAttributes() throws Exception {
        Socket socket = connect();
        Latency latency = proxy.toxics().latency("lag", DOWNSTREAM, 60_000);
        socket.getOutputStream().write(HELLO);
        assertNothingArrives(socket, 300);

        latency.setLatency(0);

        assertThat(readExactly(socket, HELLO.length)).isEqualTo(HELLO);
        assertThat(roundTrip(socket, HELLO)).isLessThan(2_000);
    }

    @Test
    void bandwidthPacesBytesInProportionToTheRate() throws Exception {
        byte[] payload = new byte[40_000];
        Bandwidth bandwidth = proxy.toxics().bandwidth("bw", DOWNSTREAM, 50);
        long slow = roundTrip(connect(), payload);

        bandwidth.setRate(200);
        long fast = roundTrip(connect(), payload);

        assertThat(slow).as("40 KB at 50 KB/s").isGreaterThanOrEqualTo(700);
        assertThat(slow).isGreaterThan(2 * fast);
    }

    @Test
    void bandwidthZeroHoldsDataAndKeepsTheConnectionOpenUntilRemoved() throws Exception {
        Bandwidth stall = proxy.toxics().bandwidth("stall", DOWNSTREAM, 0);
        Socket socket = connect();
        socket.getOutputStream().write(HELLO);

        assertNothingArrives(socket, 1_000);
        socket.getOutputStream().write(HELLO); // still open: a write succeeds

        stall.remove();
        assertThat(readExactly(socket, 2 * HELLO.length)).hasSize(10);
    }

    @Test
    void timeoutZeroDropsDataAndRemovingItClosesTheConnection() throws Exception {
        Socket socket = connect();
        proxy.toxics().timeout("drop", DOWNSTREAM, 0).getName();
        socket.getOutputStream().write(HELLO);
        assertNothingArrives(socket, 700);

        proxy.toxics().get("drop").remove();

        assertThat(socket.getInputStream().read()).as("dropped bytes never arrive; EOF does").isEqualTo(-1);
    }

    @Test
    void timeoutClosesTheConnectionAfterTheTimeout() throws Exception {
        proxy.toxics().timeout("drop", DOWNSTREAM, 400);
        long start = System.nanoTime();
        Socket socket = connect();
        socket.getOutputStream().write(HELLO);

        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThat(millisSince(start)).isBetween(400L, 5_000L);
    }

    @Test
    void resetPeerGivesTheClientAConnectionReset() throws Exception {
        proxy.toxics().resetPeer("rst", UPSTREAM, 100);
        Socket socket = connect();
        socket.getOutputStream().write(HELLO);

        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
    }

    @Test
    void resetPeerAddedToAnOpenConnectionClosesItWithoutReset() throws Exception {
        Socket socket = connect();
        roundTrip(socket, HELLO);
        proxy.toxics().resetPeer("rst", UPSTREAM, 0);
        socket.getOutputStream().write(HELLO);

        assertThat(socket.getInputStream().read()).as("as in the real server: a plain close").isEqualTo(-1);
    }

    @Test
    void limitDataCutsTheConnectionAfterTheLimit() throws Exception {
        proxy.toxics().limitData("cut", DOWNSTREAM, 10);
        Socket socket = connect();
        socket.getOutputStream().write(new byte[100]);

        assertThat(socket.getInputStream().readAllBytes()).hasSize(10);
    }

    @Test
    void slicerDeliversDataInManySmallReads() throws Exception {
        proxy.toxics().slicer("slices", DOWNSTREAM, 10, 20_000).setSizeVariation(5);
        Socket socket = connect();
        byte[] payload = new byte[200];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        socket.getOutputStream().write(payload);

        byte[] received = new byte[payload.length];
        int reads = 0;
        int total = 0;
        InputStream in = socket.getInputStream();
        while (total < payload.length) {
            int n = in.read(received, total, payload.length - total);
            assertThat(n).isPositive();
            total += n;
            reads++;
        }
        assertThat(received).isEqualTo(payload);
        assertThat(reads).isGreaterThanOrEqualTo(5);
    }

    @Test
    void slowCloseDelaysTheClose() throws Exception {
        proxy.toxics().slowClose("slow", DOWNSTREAM, 500);
        Socket socket = connect();
        roundTrip(socket, HELLO);

        long start = System.nanoTime();
        socket.shutdownOutput();

        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        assertThat(millisSince(start)).isBetween(500L, 5_000L);
    }

    @Test
    void toxicityZeroNeverApplies() throws Exception {
        proxy.toxics().latency("never", DOWNSTREAM, 10_000).setToxicity(0f);

        for (int i = 0; i < 5; i++) {
            assertThat(roundTrip(connect(), HELLO)).isLessThan(2_000);
        }
    }

    @Test
    void disableClosesLiveConnectionsAndRefusesNewOnesUntilEnabled() throws Exception {
        Socket live = connect();
        roundTrip(live, HELLO);
        String listen = proxy.getListen();

        proxy.disable();

        assertThat(live.getInputStream().read()).isEqualTo(-1);
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);

        proxy.enable();
        assertThat(proxy.getListen()).isEqualTo(listen);
        assertThat(roundTrip(connect(), HELLO)).isLessThan(2_000);
    }

    @Test
    void toxicsSurviveDisableAndEnable() throws Exception {
        proxy.toxics().latency("lag", DOWNSTREAM, 300);

        proxy.disable();
        proxy.enable();

        assertThat(roundTrip(connect(), HELLO)).isBetween(300L, 3_000L);
    }

    @Test
    void updateWithTheValuesItAlreadyHasClosesNothing() throws Exception {
        Socket live = connect();
        roundTrip(live, HELLO);

        proxy.setUpstream(proxy.getUpstream());
        proxy.enable();

        assertThat(roundTrip(live, HELLO)).isLessThan(2_000);
    }

    @Test
    void changingTheUpstreamClosesLiveConnections() throws Exception {
        Socket live = connect();
        roundTrip(live, HELLO);

        try (EchoServer other = new EchoServer()) {
            proxy.setUpstream(other.address());

            assertThat(live.getInputStream().read()).isEqualTo(-1);
            assertThat(roundTrip(connect(), HELLO)).isLessThan(2_000);
        }
    }

    @Test
    void deleteClosesLiveConnections() throws Exception {
        Socket live = connect();
        roundTrip(live, HELLO);

        proxy.delete();

        assertThat(live.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void resetClearsToxicsAndReenablesTheProxy() throws Exception {
        proxy.toxics().latency("lag", DOWNSTREAM, 10_000);
        proxy.toxics().bandwidth("stall", UPSTREAM, 0);
        proxy.disable();

        client.reset();

        assertThat(roundTrip(connect(), HELLO)).isLessThan(2_000);
    }

    @Test
    void failedUpstreamDialClosesTheClientAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        proxy.setUpstream("127.0.0.1:" + closedPort);
        Socket socket = connect();

        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void manyConcurrentConnectionsEachGetTheirOwnBytes() throws Exception {
        proxy.toxics().latency("lag", DOWNSTREAM, 20);
        int connections = 40;
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int id = c;
                results.add(pool.submit(() -> {
                    Socket socket = connect();
                    for (int i = 0; i < 10; i++) {
                        byte[] message = ("conn-" + id + "-msg-" + i).getBytes(StandardCharsets.US_ASCII);
                        socket.getOutputStream().write(message);
                        if (!java.util.Arrays.equals(readExactly(socket, message.length), message)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        Socket live = connect();
        roundTrip(live, HELLO);

        toxiproxy.close();

        assertThat(live.getInputStream().read()).isEqualTo(-1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(thread -> thread.getName().startsWith("toxiproxy-")));
    }

    private Socket connect() throws IOException {
        int port = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(socket);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Sends {@code payload} through the echo server and back; answers the elapsed milliseconds. */
    private static long roundTrip(Socket socket, byte[] payload) throws IOException {
        long start = System.nanoTime();
        socket.getOutputStream().write(payload);
        assertThat(readExactly(socket, payload.length)).isEqualTo(payload);
        return millisSince(start);
    }

    private static byte[] readExactly(Socket socket, int length) throws IOException {
        byte[] data = socket.getInputStream().readNBytes(length);
        assertThat(data).as("bytes before EOF").hasSize(length);
        return data;
    }

    private static void assertNothingArrives(Socket socket, int millis) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
