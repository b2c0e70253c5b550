package dev.tether.examples.spring;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.tether.testkit.RedisServer;
import dev.tether.testkit.RedisServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

// Declared before @SpringBootTest so that JUnit stops the server after Spring closes the app (@DirtiesContext).
@ExtendWith(RedisServerExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class SpringBootAppTest {
    private static final String CLIENT_NAME = "tether-example-spring-boot";
    private static RedisServer redis;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    int port;

    /** Runs before Spring starts the app: tether reads {@code redis.url} as a system property (it outranks env and files). */
    @BeforeAll
    static void pointTetherAtTheServer(RedisServer server) {
        redis = server;
        System.setProperty("redis.url", server.uri());
    }

    @AfterAll
    static void forgetTheServer() {
        System.clearProperty("redis.url");
    }

    @Test
    void storesAndReadsValuesThroughTheEndpoint() throws Exception {
        assertThat(send("PUT", "/kv/colour", "blue").statusCode()).isEqualTo(204);

        HttpResponse<String> read = send("GET", "/kv/colour", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("blue");
        assertThat(send("GET", "/kv/never-set", null).statusCode()).isEqualTo(404);
        assertThat(redis.command("GET", "colour")).isEqualTo("blue");
    }

    @Test
    void healthIsUpWithTetherConnectionState() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        DocumentContext json = JsonPath.parse(health.body());
        assertThat(json.read("$.status", String.class)).isEqualTo("UP");
        assertThat(json.read("$.components.tether.status", String.class)).isEqualTo("UP");
        assertThat(json.read("$.components.tether.details.state", String.class)).isEqualTo("CONNECTED");
        assertThat(json.read("$.components.tether.details.uri", String.class)).isEqualTo(redis.uri() + "/0");
    }

    @Test
    void concurrentRequestsShareTethersOneServerConnection() {
        List<CompletableFuture<Integer>> requests = IntStream.range(0, 40)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> send("PUT", "/kv/key-" + i, "v" + i).statusCode()))
                .toList();
        requests.forEach(request -> assertThat(request.join()).isEqualTo(204));

        List<String> clients = Arrays.asList(redis.command("CLIENT", "LIST").split("\n"));
        assertThat(clients).filteredOn(line -> line.contains(" name=" + CLIENT_NAME + " ")).hasSize(1);
        assertThat(redis.clientCount()).as(String.join("\n", clients)).isEqualTo(1);
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "text/plain");
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
