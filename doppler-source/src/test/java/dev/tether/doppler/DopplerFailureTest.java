package dev.tether.doppler;

import dev.tether.doppler.DopplerException.Code;
import dev.tether.doppler.FakeDopplerServer.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.tether.doppler.Fixtures.CONFIG;
import static dev.tether.doppler.Fixtures.PROJECT;
import static dev.tether.doppler.Fixtures.REDIS_URL;
import static dev.tether.doppler.Fixtures.SECRETS;
import static dev.tether.doppler.Fixtures.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every failure Doppler can hand us, with no last-known-good copy to fall back on. */
class DopplerFailureTest {
    @TempDir
    Path dir;
    FakeDopplerServer doppler;
    Map<String, String> env;

    @BeforeEach
    void startDoppler() throws IOException {
        doppler = new FakeDopplerServer(TOKEN, PROJECT, CONFIG, SECRETS);
        env = Fixtures.env(doppler, dir.resolve("copy.bin"));
    }

    @AfterEach
    void stopDoppler() {
        doppler.close();
    }

    private DopplerException failure() {
        Throwable thrown = catchThrowable(() -> Fixtures.build(env));
        assertThat(thrown).as("building the config must fail").isNotNull();
        return Fixtures.dopplerFailure(thrown);
    }

    @Test
    void wrongTokenIsUnauthorizedWithDopplersOwnMessage() {
        env.put("DOPPLER_TOKEN", "dp.st.dev.canaryWrongToken0000000000000000000000000000");

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_UNAUTHORIZED);
        assertThat(e.dopplerMessages()).containsExactly("Invalid Auth token");
        assertThat(e.getMessage()).startsWith("DOPPLER_UNAUTHORIZED: ").contains("Invalid Auth token").contains("Hint: check DOPPLER_TOKEN");
        assertThat(doppler.requests()).hasSize(1);
    }

    @Test
    void unknownConfigIsNotFound() {
        env.put("DOPPLER_CONFIG", "prd");

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_NOT_FOUND);
        assertThat(e.getMessage()).contains("tether/prd").contains("Could not find requested config 'prd'");
        assertThat(doppler.requests()).hasSize(1);
    }

    @Test
    void tokenWithoutAccessIsForbidden() {
        doppler.failAlways(Fault.FORBIDDEN_403);

        assertThat(failure().code()).isEqualTo(Code.DOPPLER_FORBIDDEN);
        assertThat(doppler.requests()).hasSize(1);
    }

    @Test
    void bodyThatIsNotJsonIsBadResponse() {
        doppler.failAlways(Fault.MALFORMED_JSON);

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_BAD_RESPONSE);
        assertThat(e.getMessage()).contains("offset 0").doesNotContain("hotel");
    }

    @Test
    void truncatedJsonIsBadResponse() {
        doppler.failAlways(Fault.TRUNCATED_JSON);

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_BAD_RESPONSE);
        assertThat(e.getMessage()).contains("truncated?");
    }

    @Test
    void objectWithNonStringValuesIsBadResponse() {
        doppler.failAlways(Fault.WRONG_SHAPE);

        assertThat(failure().code()).isEqualTo(Code.DOPPLER_BAD_RESPONSE);
    }

    @Test
    void bodyCutShortOfItsContentLengthIsRetriedAsANetworkError() {
        doppler.failNext(1, Fault.SHORT_BODY);

        assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
        assertThat(doppler.requests()).hasSize(2);
    }

    @Test
    void serverErrorsAreRetriedUntilDopplerAnswers() {
        doppler.failNext(2, Fault.SERVER_ERROR_500);

        assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
        assertThat(doppler.requests()).extracting(FakeDopplerServer.Seen::status).containsExactly(500, 500, 200);
    }

    @Test
    void rateLimitWaitsAsLongAsRetryAfterSays() {
        env.put("DOPPLER_RETRY_BUDGET", "3s");
        doppler.failNext(1, Fault.RATE_LIMITED_RETRY_AFTER_1S);

        assertThat(Fixtures.build(env).getValue("redis.url", String.class)).isEqualTo(REDIS_URL);
        var requests = doppler.requests();
        assertThat(requests).extracting(FakeDopplerServer.Seen::status).containsExactly(429, 200);
        assertThat(Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void retryAfterBeyondTheBudgetGivesUpAtOnce() {
        doppler.failAlways(Fault.RATE_LIMITED_RETRY_AFTER_120S);
        long start = System.nanoTime();

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_RATE_LIMITED);
        assertThat(e.getMessage()).contains("Retry-After 2m 0s").contains("no last-known-good copy");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(doppler.requests()).hasSize(1);
    }

    @Test
    void persistentServerErrorsEndInUnavailableWithinTheBudget() {
        doppler.failAlways(Fault.SERVER_ERROR_500);
        long start = System.nanoTime();

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 500").contains("attempts").contains("no last-known-good copy");
        assertThat(doppler.requests().size()).isGreaterThanOrEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void answerSlowerThanTheTimeoutEndsInUnavailableWithinTheBudget() {
        env.put("DOPPLER_TIMEOUT", "500ms");
        doppler.failAlways(Fault.SLOW);
        long start = System.nanoTime();

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no answer within").contains("attempts");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void refusedConnectionEndsInUnavailable() throws IOException {
        env.put("DOPPLER_API_HOST", "http://127.0.0.1:" + closedPort());

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_UNAVAILABLE);
        assertThat(e.getMessage()).contains("ConnectException");
    }

    @Test
    void plainHttpToARemoteHostIsRefusedBeforeAnyRequest() {
        env.put("DOPPLER_API_HOST", "http://api.doppler.example");

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_SETTINGS_INVALID);
        assertThat(e.getMessage()).contains("DOPPLER_API_HOST").contains("clear text");
    }

    @Test
    void unreadableDurationNamesItsKey() {
        env.put("DOPPLER_TIMEOUT", "soon");

        DopplerException e = failure();

        assertThat(e.code()).isEqualTo(Code.DOPPLER_SETTINGS_INVALID);
        assertThat(e.getMessage()).contains("DOPPLER_TIMEOUT").doesNotContain("soon");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
