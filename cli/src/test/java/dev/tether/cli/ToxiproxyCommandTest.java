package dev.tether.cli;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ToxiproxyCommandTest {

    @Test
    void servesTheToxiproxyApiInTheForegroundAndCtrlCStopsItWithExitZero() throws Exception {
        Process process = startCommand();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Matcher url = apiUrl(stdout);

            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", Integer.parseInt(url.group(1)));
            assertThat(client.version()).isNotBlank();
            Proxy proxy = client.createProxy("anything", "127.0.0.1:0", "127.0.0.1:9");
            int listen = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", listen), 2000);
            }

            // A shell running us in the background without job control starts us with SIGINT ignored, and the
            // child inherits that (the JVM then cannot handle it): there Ctrl-C cannot reach any process, so
            // SIGTERM, which the command handles the same way, stands in.
            String signal = sigintIgnoredHere() ? "-TERM" : "-INT";
            new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);

            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped on SIGINT").isTrue();
            assertThat(process.exitValue()).isZero();
            List<String> rest = stdout.lines().toList();
            assertThat(rest).contains("stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    /** The wildcard and named --host rules are AllowedHostsTest's; this proves the command applies them. */
    @Test
    void defaultHostAnswersLoopbackNamesOnly() throws Exception {
        Process process = startCommand();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Matcher url = apiUrl(stdout);
            int port = Integer.parseInt(url.group(1));

            assertThat(statusFor(port, "localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusFor(port, "rebind.attacker.example:" + port)).startsWith("HTTP/1.1 403");
        } finally {
            process.destroyForcibly();
        }
    }

    /** Whether this JVM (and so the command it starts) was started with SIGINT ignored ({@code SigIgn} in /proc). */
    private static boolean sigintIgnoredHere() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.exists(status)) {
            return false;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2
            }
        }
        return false;
    }

    private static Process startCommand() throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TetherCommand.class.getName(),
                "toxiproxy", "--port", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The first line's API URL, with the port as group 1. */
    private static Matcher apiUrl(BufferedReader stdout) throws Exception {
        String first = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(30, TimeUnit.SECONDS);
        Matcher url = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(first);
        assertThat(url.find()).as(first).isTrue();
        return url;
    }

    /** The status line of GET /version sent to loopback with the given Host header. */
    private static String statusFor(int port, String host) throws java.io.IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /version HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return String.valueOf(reader.readLine());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
