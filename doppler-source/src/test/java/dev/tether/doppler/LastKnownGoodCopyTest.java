package dev.tether.doppler;

import dev.tether.doppler.DopplerException.Code;
import dev.tether.doppler.FakeDopplerServer.Fault;
import io.smallrye.config.SmallRyeConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import static dev.tether.doppler.Fixtures.API_SECRET;
import static dev.tether.doppler.Fixtures.CONFIG;
import static dev.tether.doppler.Fixtures.PROJECT;
import static dev.tether.doppler.Fixtures.REDIS_PASSWORD;
import static dev.tether.doppler.Fixtures.REDIS_URL;
import static dev.tether.doppler.Fixtures.SECRETS;
import static dev.tether.doppler.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The encrypted last-known-good copy: written after each fetch, used through outages, refused when tampered. */
class LastKnownGoodCopyTest {
    @TempDir
    Path dir;
    Path copy;
    FakeDopplerServer doppler;
    Map<String, String> env;

    @BeforeEach
    void startDoppler() throws IOException {
        doppler = new FakeDopplerServer(TOKEN, PROJECT, CONFIG, SECRETS);
        copy = dir.resolve("cache").resolve("copy.bin");
        env = Fixtures.env(doppler, copy);
    }

    @AfterEach
    void stopDoppler() {
        doppler.close();
    }

    @Test
    void outageServesTheCopyWithOneWarnStatingItsAge() {
        Fixtures.build(env);
        doppler.failAlways(Fault.SERVER_ERROR_500);

        try (LogCapture logs = new LogCapture()) {
            SmallRyeConfig config = Fixtures.build(env);

            assertThat(config.getConfigValue("redis.url").getValue()).isEqualTo(REDIS_URL);
            assertThat(config.getConfigValue("redis.url").getSourceName()).isEqualTo("doppler:tether/dev");
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).singleElement().asString()
                    .contains("DOPPLER_UNAVAILABLE", "HTTP 500", "last-known-good copy", copy.toString())
                    .containsPattern("fetched [0-9.]+(ms|s) ago \\(20\\d\\d-");
        }
    }

    @Test
    void refusedConnectionServesTheCopy() {
        Fixtures.build(env);
        doppler.close();

        assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
    }

    @Test
    void rateLimitPastTheBudgetServesTheCopy() {
        Fixtures.build(env);
        doppler.failAlways(Fault.RATE_LIMITED_RETRY_AFTER_120S);

        try (LogCapture logs = new LogCapture()) {
            assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).singleElement().asString().contains("DOPPLER_RATE_LIMITED");
        }
    }

    @Test
    void unchangedSecretsAnswer304AndTheCopyIsUsed() {
        Fixtures.build(env);
        Fixtures.build(env);
        doppler.setSecrets(Map.of("REDIS_URL", "rediss://default:canaryRotated@finer-cub-33800.upstash.io:6379"));
        SmallRyeConfig afterRotation = Fixtures.build(env);

        var requests = doppler.requests();
        assertThat(requests).extracting(FakeDopplerServer.Seen::status).containsExactly(200, 304, 200);
        assertThat(requests.get(0).ifNoneMatch()).isNull();
        assertThat(requests.get(1).ifNoneMatch()).isNotNull();
        assertThat(requests.get(2).ifNoneMatch()).isEqualTo(requests.get(1).ifNoneMatch());
        assertThat(afterRotation.getValue("redis.url", String.class)).contains("canaryRotated");
    }

    @Test
    void answer304StillServesEveryValue() {
        Fixtures.build(env);

        SmallRyeConfig config = Fixtures.build(env);

        assertThat(doppler.requests()).extracting(FakeDopplerServer.Seen::status).containsExactly(200, 304);
        assertThat(config.getValue("api.secret", String.class)).isEqualTo(API_SECRET);
        assertThat(config.getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
    }

    @Test
    void tamperedCopyDuringAnOutageFailsWithCacheTampered() throws IOException {
        Fixtures.build(env);
        flipLastByte(copy);
        doppler.failAlways(Fault.SERVER_ERROR_500);

        DopplerException e = Fixtures.dopplerFailure(catchThrowable(() -> Fixtures.build(env)));

        assertThat(e.code()).isEqualTo(Code.DOPPLER_CACHE_TAMPERED);
        assertThat(e.getMessage()).contains(copy.toString()).contains("integrity check");
        assertThat(e.getSuppressed()).singleElement()
                .satisfies(outage -> assertThat(((DopplerException) outage).code()).isEqualTo(Code.DOPPLER_UNAVAILABLE));
    }

    @Test
    void tamperedCopyIsReplacedWhenDopplerAnswers() throws IOException {
        Fixtures.build(env);
        flipLastByte(copy);

        try (LogCapture logs = new LogCapture()) {
            assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).singleElement().asString().contains("DOPPLER_CACHE_TAMPERED");
        }
        doppler.failAlways(Fault.SERVER_ERROR_500);
        assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
    }

    @Test
    void fileThatIsNotACopyCountsAsTampered() throws IOException {
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "REDIS_URL=redis://attacker:6379\n");
        doppler.failAlways(Fault.SERVER_ERROR_500);

        assertThat(Fixtures.dopplerFailure(catchThrowable(() -> Fixtures.build(env))).code()).isEqualTo(Code.DOPPLER_CACHE_TAMPERED);
    }

    @Test
    void revokedTokenFailsEvenWithACopyByDefault() {
        Fixtures.build(env);
        doppler.revokeToken();

        assertThat(Fixtures.dopplerFailure(catchThrowable(() -> Fixtures.build(env))).code()).isEqualTo(Code.DOPPLER_UNAUTHORIZED);
    }

    @Test
    void revokedTokenServesTheCopyWhenFallbackOnAuthErrorIsOn() {
        Fixtures.build(env);
        doppler.revokeToken();
        env.put("DOPPLER_FALLBACK_ON_AUTH_ERROR", "true");

        try (LogCapture logs = new LogCapture()) {
            assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
            assertThat(logs.messagesAt(LogCapture.level("WARN"))).singleElement().asString().contains("DOPPLER_UNAUTHORIZED");
        }
    }

    @Test
    void notFoundNeverFallsBackToTheCopy() {
        Fixtures.build(env);
        doppler.close();
        try (FakeDopplerServer renamed = new FakeDopplerServer(TOKEN, PROJECT, "renamed", SECRETS)) {
            env.put("DOPPLER_API_HOST", renamed.baseUrl());

            assertThat(Fixtures.dopplerFailure(catchThrowable(() -> Fixtures.build(env))).code()).isEqualTo(Code.DOPPLER_NOT_FOUND);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void copyIsOwnerOnlyAndHoldsNoValueInClear() throws IOException {
        Fixtures.build(env);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent()))).isEqualTo("rwx------");
        String raw = new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(REDIS_PASSWORD, API_SECRET, "canary", "REDIS_URL", TOKEN);
        try (var files = Files.list(copy.getParent())) {
            assertThat(files).containsExactly(copy);
        }
    }

    @Test
    void cachingOffWritesNothingAndOutageFailsPlainly() {
        env.put("DOPPLER_CACHE", "false");
        Fixtures.build(env);
        doppler.failAlways(Fault.SERVER_ERROR_500);

        DopplerException e = Fixtures.dopplerFailure(catchThrowable(() -> Fixtures.build(env)));

        assertThat(e.code()).isEqualTo(Code.DOPPLER_UNAVAILABLE);
        assertThat(copy.getParent()).doesNotExist();
    }

    @Test
    void defaultCopyLivesUnderXdgCacheHome() {
        Map<String, String> withXdg = new HashMap<>(env);
        withXdg.remove("DOPPLER_CACHE_FILE");
        withXdg.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());

        Fixtures.build(withXdg);

        try (var files = Files.list(dir.resolve("xdg").resolve("tether").resolve("doppler"))) {
            assertThat(files).singleElement().asString().matches(".*/[0-9a-f]{32}\\.bin");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void flipLastByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(file, bytes);
    }
}
