package dev.tether.examples.quarkus;

import dev.tether.microprofile.TetherDotEnvSourceFactory;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = RedisTestResource.class, restrictToAnnotatedClass = true)
class QuarkusAppTest {

    @RedisTestResource.InjectRedis
    RedisServer redis;

    @jakarta.inject.Inject
    SharedRedis sharedRedis;

    @Test
    void storesAndReadsValuesThroughTheEndpoint() {
        given().contentType("text/plain").body("blue").put("/kv/colour").then().statusCode(204);
        given().get("/kv/colour").then().statusCode(200).body(equalTo("blue"));
        given().get("/kv/never-set").then().statusCode(404);
        assertThat(redis.command("GET", "colour")).isEqualTo("blue");
    }

    @Test
    void readinessIsUpWithTetherConnectionState() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'tether-redis' }.data.state", equalTo("CONNECTED"))
                .body("checks.find { it.name == 'tether-redis' }.data.uri", equalTo(redis.uri() + "/0"));
    }

    @Test
    void settingsComeFromTheComposeDialectDotEnvThroughQuarkusConfig() {
        SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        ConfigValue url = config.getConfigValue("redis.url");

        assertThat(url.getValue()).isEqualTo(redis.uri());
        assertThat(url.getSourceOrdinal()).isEqualTo(TetherDotEnvSourceFactory.ORDINAL);
        assertThat(url.getSourceName()).startsWith(".env[");
        assertThat(sharedRedis.settings().commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void concurrentRequestsShareOneServerConnection() {
        List<CompletableFuture<Void>> requests = IntStream.range(0, 40)
                .mapToObj(i -> CompletableFuture.runAsync(() ->
                        given().contentType("text/plain").body("v" + i).put("/kv/key-" + i).then().statusCode(204)))
                .toList();
        requests.forEach(CompletableFuture::join);

        long appConnections = Arrays.stream(redis.command("CLIENT", "LIST").split("\n"))
                .filter(line -> line.contains(" name=tether-example-quarkus "))
                .count();
        assertThat(appConnections).isEqualTo(1);
    }
}
