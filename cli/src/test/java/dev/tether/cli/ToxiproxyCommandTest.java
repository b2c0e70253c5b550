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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TetherCommand.class.getName(),
                "toxiproxy", "--port", "0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = CompletableFuture.supplyAsync(() -> readLine(stdout)).get(30, TimeUnit.SECONDS);
            Matcher url = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)").matcher(first);
            assertThat(url.find()).as(first).isTrue();

            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", Integer.parseInt(url.group(1)));
            assertThat(client.version()).isNotBlank();
            Proxy proxy = client.createProxy("anything", "127.0.0.1:0", "127.0.0.1:9");
            int listen = Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", listen), 2000);
            }

            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);

            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped on SIGINT").isTrue();
            assertThat(process.exitValue()).isZero();
            List<String> rest = stdout.lines().toList();
            assertThat(rest).contains("stopped");
        } finally {
            process.destroyForcibly();
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
