package dev.tether.spring;

import dev.tether.config.ConfigResolution;
import dev.tether.config.SettingKey;
import dev.tether.config.TetherConfig;
import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TetherAutoConfigurationTest {
    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.plain().start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void stringRedisTemplateTrafficFromManyThreadsUsesOneServerConnection() {
        try (ConfigurableApplicationContext app = start(TestApp.class, "--redis.url=" + server.uri(), "--redis.client-name=one-connection")) {
            StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
            app.getBean(SharedRedis.class).awaitReady(Duration.ofSeconds(30));

            List<CompletableFuture<String>> calls = IntStream.range(0, 40).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                template.opsForValue().set("k" + i, "v" + i);
                return template.opsForValue().get("k" + i);
            })).toList();
            for (int i = 0; i < calls.size(); i++) {
                assertThat(calls.get(i).join()).isEqualTo("v" + i);
            }
            @SuppressWarnings("unchecked")
            RedisTemplate<Object, Object> objects = app.getBean("redisTemplate", RedisTemplate.class);
            objects.opsForValue().set("object-key", 42L);
            assertThat(objects.opsForValue().get("object-key")).isEqualTo(42L);

            assertThat(server.clientCount()).isEqualTo(1);
            assertThat(server.command("CLIENT", "LIST")).contains(" name=one-connection ");
            assertThat(app.getBean(RedisConnectionFactory.class)).isInstanceOf(TetherRedisConnectionFactory.class);
        }
    }

    @Test
    void templateCommandsAreTimedAndObservedInTheAppsRegistries() {
        try (ConfigurableApplicationContext app = start(TestApp.class, "--redis.url=" + server.uri())) {
            StringRedisTemplate template = app.getBean(StringRedisTemplate.class);
            app.getBean(SharedRedis.class).awaitReady(Duration.ofSeconds(30));
            MeterRegistry registry = app.getBean(MeterRegistry.class);
            List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
            app.getBean(ObservationRegistry.class).observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }

                @Override
                public void onStop(Observation.Context context) {
                    observed.add(String.valueOf(context.getContextualName()));
                }
            });

            for (int i = 0; i < 12; i++) {
                template.opsForValue().set("timed:" + i, "v");
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> registry.find("tether.redis.command.completion").tag("command", "SET").timer() != null
                    && registry.get("tether.redis.command.completion").tag("command", "SET").timer().count() == 12);
            await().atMost(Duration.ofSeconds(5)).until(() -> observed.stream().filter("set"::equalsIgnoreCase).count() == 12);
        }
    }

    @Test
    void commandLineArgumentsOutrankSystemPropertiesAndSayWhereTheyCameFrom() {
        System.setProperty("redis.url", "redis://127.0.0.1:1");
        try (ConfigurableApplicationContext app = start(TestApp.class, "--redis.url=" + server.uri())) {
            ConfigResolution resolution = app.getBean(TetherConfig.class).resolve();

            assertThat(resolution.value(SettingKey.URL).orElseThrow().source().name()).isEqualTo("spring:commandLineArgs");
            assertThat(app.getBean(SharedRedis.class).settings().port()).isEqualTo(server.port());
        } finally {
            System.clearProperty("redis.url");
        }
    }

    @Test
    void aProfileSpecificFileSetsAValueAndIsNamedAsItsSource() {
        try (ConfigurableApplicationContext app = start(TestApp.class, "--redis.url=" + server.uri(), "--spring.profiles.active=tethertest")) {
            var clientName = app.getBean(TetherConfig.class).resolve().value(SettingKey.CLIENT_NAME).orElseThrow();

            assertThat(clientName.source().name()).startsWith("spring:").contains("application-tethertest.properties");
            assertThat(app.getBean(SharedRedis.class).settings().clientName()).contains("from-profile-file");
        }
    }

    @Test
    void anAppsOwnConnectionFactoryWins() {
        try (ConfigurableApplicationContext app = start(OwnFactoryApp.class, "--redis.url=" + server.uri())) {
            assertThat(app.getBean(RedisConnectionFactory.class)).isNotInstanceOf(TetherRedisConnectionFactory.class);
            assertThat(app.getBean(SharedRedis.class)).isNotNull();
        }
    }

    static ConfigurableApplicationContext start(Class<?> app, String... args) {
        return new SpringApplicationBuilder(app).web(WebApplicationType.NONE).run(args);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class OwnFactoryApp {
        @Bean
        LettuceConnectionFactory myOwnFactory() {
            return new LettuceConnectionFactory(RedisServer.HOST, server.port());
        }
    }
}
