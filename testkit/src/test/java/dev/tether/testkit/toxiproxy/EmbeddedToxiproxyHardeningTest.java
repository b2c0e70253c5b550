package dev.tether.testkit.toxiproxy;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API against hostile and broken clients: DNS rebinding (a Host that is not ours), oversized bodies,
 * and slow clients (slowloris). Raw sockets where the JDK's HTTP client would not send such a request.
 */
class EmbeddedToxiproxyHardeningTest {
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void requestNamingAnotherHostIsRefusedAndCreatesNothing() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);
        String body = "{\"name\":\"ssh\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:22\"}";

        String answer = raw(toxiproxy, "POST /proxies HTTP/1.1\r\nHost: rebind.attacker.example:" + toxiproxy.port()
                + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);

        assertThat(answer).startsWith("HTTP/1.1 403").contains("Host not allowed");
        assertThat(new ToxiproxyClient(toxiproxy.host(), toxiproxy.port()).getProxies()).isEmpty();
    }

    @Test
    void loopbackHostNamesAreAnswered() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);

        for (String host : List.of("localhost:" + toxiproxy.port(), "127.0.0.1:" + toxiproxy.port(), "[::1]:8474",
                "LOCALHOST", "127.0.0.1")) {
            assertThat(raw(toxiproxy, "GET /version HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
                    .as(host).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void proxyWithoutAListenHostStaysOnLoopback() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);
        ToxiproxyClient client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());

        assertThat(client.createProxy("a", ":0", "127.0.0.1:1").getListen()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(client.createProxy("b", "", "127.0.0.1:1").getListen()).matches("127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void unparseableListenAddressGetsGosErrorText() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);

        HttpResponse<String> response = post(toxiproxy, "{\"name\":\"p\",\"listen\":\"nonsense\",\"upstream\":\"x:1\"}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo(
                "{\"error\":\"listen tcp: address nonsense: missing port in address\",\"status\":500}\n");
    }

    @Test
    void declaredOversizedBodyIsRefusedWithoutBeingRead() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);

        String answer = raw(toxiproxy, "POST /proxies HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2000000000"
                + "\r\nConnection: close\r\n\r\n{\"name\":");

        assertThat(answer).startsWith("HTTP/1.1 413").contains("request body too large");
    }

    @Test
    void chunkedBodyPastTheLimitIsRefused() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);
        try (Socket socket = connect(toxiproxy)) {
            Thread sender = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /proxies HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    for (int i = 0; i < 20; i++) { // 1.25 MiB of whitespace, past the 1 MiB limit
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the server may close before it has everything; its answer is what the test reads
                }
            });
            sender.setDaemon(true);
            sender.start();

            assertThat(readAnswer(socket)).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void twoSlowBodiesDoNotStallOtherRequests() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(EmbeddedToxiproxy.DEFAULT_READ_TIMEOUT);
        for (int i = 0; i < 2; i++) {
            Socket slow = connect(toxiproxy);
            slow.getOutputStream().write(("POST /proxies HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        ToxiproxyClient client = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());

        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            client.createProxy("p" + i, "127.0.0.1:0", "127.0.0.1:1");
        }

        assertThat(client.getProxies()).hasSize(5);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void requestThatDoesNotArriveInTimeIsCutOff() throws Exception {
        EmbeddedToxiproxy toxiproxy = start(Duration.ofSeconds(1));
        try (Socket slow = connect(toxiproxy)) {
            slow.getOutputStream().write(("POST /proxies HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(15_000);
            long start = System.nanoTime();

            int first;
            try {
                first = slow.getInputStream().read();
            } catch (SocketException e) {
                first = -1; // a reset is a close too
            }

            assertThat(first).as("the server closes the connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
        }
    }

    private EmbeddedToxiproxy start(Duration readTimeout) throws IOException {
        EmbeddedToxiproxy toxiproxy = EmbeddedToxiproxy.start("127.0.0.1", 0, readTimeout);
        toClose.add(toxiproxy);
        return toxiproxy;
    }

    private Socket connect(EmbeddedToxiproxy toxiproxy) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), toxiproxy.port());
        toClose.add(socket);
        return socket;
    }

    private HttpResponse<String> post(EmbeddedToxiproxy toxiproxy, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(toxiproxy.apiUrl() + "/proxies"))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code request} as it is and answers the whole response. */
    private String raw(EmbeddedToxiproxy toxiproxy, String request) throws IOException {
        try (Socket socket = connect(toxiproxy)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return readAnswer(socket);
        }
    }

    private static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (answer.indexOf("\r\n\r\n") >= 0 && answer.indexOf("\n", answer.indexOf("\r\n\r\n") + 4) >= 0) {
                    break; // headers and the one-line body are in
                }
            }
        } catch (SocketException e) {
            // a close right after the answer may reset; what arrived is the answer
        }
        return answer.toString();
    }
}
