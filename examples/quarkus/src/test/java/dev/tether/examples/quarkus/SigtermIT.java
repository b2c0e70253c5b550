package dev.tether.examples.quarkus;

import dev.tether.testkit.RedisServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged app ({@code target/quarkus-app/quarkus-run.jar}) as an operator runs it: started with and
 * without the Netty JVM flags, serving a request, then SIGTERM: it must exit within 5 s either way.
 */
class SigtermIT {
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    @ParameterizedTest(name = "JVM flags: {0}")
    @ValueSource(booleans = {true, false})
    void exitsWithinFiveSecondsOfSigterm(boolean nettyFlags) throws Exception {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("run `./mvnw verify`: the IT needs the packaged app").exists();
        Path log = Path.of("target/sigterm-" + (nettyFlags ? "with" : "without") + "-flags.log").toAbsolutePath();
        try (RedisServer redis = RedisServer.plain().start()) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            if (nettyFlags) {
                command.addAll(List.of("--add-opens", "java.base/java.nio=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true"));
            }
            command.addAll(List.of("-Dquarkus.http.port=0", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(jar.getParent().toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("REDIS_URL", redis.uri());
            Process app = builder.start();
            try {
                await().atMost(Duration.ofSeconds(180)).until(() -> !app.isAlive() || LISTENING.matcher(read(log)).find());
                assertThat(app.isAlive()).as("the app is running; its output: " + log).isTrue();
                Matcher port = LISTENING.matcher(read(log));
                assertThat(port.find()).isTrue();
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port.group(1);
                await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(base + "/kv/sigterm"))
                        .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(put.statusCode()).isEqualTo(204);

                long sent = System.nanoTime();
                app.destroy(); // SIGTERM
                boolean exited = app.waitFor(5, TimeUnit.SECONDS);
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                assertThat(exited).as("exited within 5 s of SIGTERM (see " + log + ")").isTrue();
                System.out.println("SigtermIT: exited " + millis + " ms after SIGTERM, JVM flags: " + nettyFlags);
            } finally {
                app.destroyForcibly();
            }
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
