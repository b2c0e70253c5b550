package dev.tether.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsValidationTest {
    private static final String CANARY = "canary-Pw-7731";

    @TempDir
    Path dir;

    private ConfigResolution resolve(String... keyValues) {
        return IsolatedResolution.resolve(dir, keyValues);
    }

    private static List<ProblemCode> codes(ConfigResolution r) {
        return IsolatedResolution.codes(r);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "redis//:" + CANARY + "@host:6379                 | URL_MALFORMED",
            "localhost:6379                                   | URL_MALFORMED",
            "https://default:" + CANARY + "@eu1-x.upstash.io  | URL_SCHEME_UNSUPPORTED",
            "memcached://host:11211                           | URL_SCHEME_UNSUPPORTED",
            "redis://:" + CANARY + "@:6379                    | URL_HOST_MISSING",
            "redis://host:70000                               | PORT_OUT_OF_RANGE",
            "redis://host:0                                   | PORT_OUT_OF_RANGE",
            "redis://:" + CANARY + "@host:63a9                | PORT_OUT_OF_RANGE",
            "redis://host:6379/abc                            | DB_INDEX_INVALID",
            "redis://host:6379/-1                             | DB_INDEX_INVALID",
            "rediss://x.upstash.io:6379/3                     | DB_INDEX_INVALID",
            "redis://:" + CANARY + "-host:6379                | URL_MALFORMED",
    })
    void badUrlsGetTheirCodeAndNeverShowThePassword(String url, ProblemCode expected) {
        ConfigResolution r = resolve("REDIS_URL", url.strip());

        assertThat(r.isValid()).isFalse();
        assertThat(codes(r)).contains(expected);
        assertThat(r.problems()).allSatisfy(p -> {
            assertThat(p.key()).isNotNull();
            assertThat(p.message()).doesNotContain(CANARY);
            assertThat(p.hint()).doesNotContain(CANARY);
        });
    }

    @Test
    void upstashRestUrlGetsAHintPointingAtTheRedisEndpoint() {
        ConfigResolution r = resolve("REDIS_URL", "https://eu1-fine-cat-3380.upstash.io");

        Problem p = r.problems().get(0);
        assertThat(p.code()).isEqualTo(ProblemCode.URL_SCHEME_UNSUPPORTED);
        assertThat(p.message()).contains("REST URL");
        assertThat(p.hint()).contains("rediss://default:" + Redactor.MASK + "@eu1-fine-cat-3380.upstash.io:6379").contains("password");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigResolution r = resolve(
                "REDIS_URL", "rediss://:" + CANARY + "@host:6379/x",
                "REDIS_TLS", "maybe",
                "REDIS_COMMAND_TIMEOUT", "fast",
                "REDIS_CONNECT_TIMEOUT", "-2s",
                "REDIS_TLS_VERIFY", "sometimes",
                "REDIS_PROVIDER", "aws",
                "REDIS_TLS_CA_FILE", "missing.pem");

        assertThat(codes(r)).contains(ProblemCode.DB_INDEX_INVALID, ProblemCode.BOOLEAN_INVALID, ProblemCode.DURATION_INVALID,
                ProblemCode.VALUE_UNKNOWN, ProblemCode.CA_FILE_UNREADABLE);
        assertThat(r.problems().stream().filter(p -> p.code() == ProblemCode.DURATION_INVALID)).hasSize(2);
        assertThat(r.problems().stream().filter(p -> p.code() == ProblemCode.VALUE_UNKNOWN)).hasSize(2);
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.toString()).doesNotContain(CANARY));
        assertThatThrownBy(r::requireValid).isInstanceOf(InvalidSettingsException.class)
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).hasSize(r.problems().size()))
                .hasMessageNotContaining(CANARY);
    }

    @Test
    void rediss_withTlsFalseIsAConflict() {
        ConfigResolution r = resolve("REDIS_URL", "rediss://host:6379", "REDIS_TLS", "false");

        assertThat(codes(r)).containsExactly(ProblemCode.TLS_CONFLICT);
        assertThat(r.problems().get(0).message()).contains("REDIS_URL (env)").contains("REDIS_TLS (env)");
    }

    @Test
    void tlsTrueUpgradesPlainUrl() {
        RedisSettings s = resolve("REDIS_URL", "redis://host:6379", "REDIS_TLS", "true").requireValid();

        assertThat(s.tls()).isTrue();
        assertThat(s.redactedUri()).startsWith("rediss://");
    }

    @Test
    void upstashWithTlsExplicitlyFalseIsAnError() {
        ConfigResolution r = resolve("REDIS_URL", "redis://x.upstash.io:6379", "REDIS_TLS", "false");

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.TLS_REQUIRED_BY_PROVIDER);
            assertThat(p.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void verifyNoneWarnsButStaysValid() {
        ConfigResolution r = resolve("REDIS_URL", "rediss://host:6379", "REDIS_TLS_VERIFY", "none");

        assertThat(r.isValid()).isTrue();
        assertThat(codes(r)).containsExactly(ProblemCode.TLS_VERIFY_DISABLED);
        assertThat(r.requireValid().tlsVerify()).isEqualTo(TlsVerify.NONE);
    }

    @Test
    void caFileWithoutCertificateIsUnreadable() throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        ConfigResolution r = resolve("REDIS_URL", "rediss://host:6379", "REDIS_TLS_CA_FILE", "ca.pem");

        assertThat(codes(r)).containsExactly(ProblemCode.CA_FILE_UNREADABLE);
    }

    @Test
    void tlsOptionsWithoutTlsWarn() {
        ConfigResolution r = resolve("REDIS_URL", "redis://host:6379", "REDIS_TLS_VERIFY", "ca");

        assertThat(r.isValid()).isTrue();
        assertThat(codes(r)).containsExactly(ProblemCode.TLS_OPTION_UNUSED);
    }

    /** Issue 11 item 3: Lettuce's RedisURI and redis-cli take a userinfo without ':' as the password. */
    @Test
    void userinfoWithoutColonIsThePasswordAsLettuceReadsItAndIsNeverShown() {
        ConfigResolution r = resolve("REDIS_URL", "redis://" + CANARY + "@host:6379");

        RedisSettings settings = r.requireValid();
        assertThat(settings.password().reveal()).isEqualTo(CANARY);
        assertThat(settings.username()).isEmpty();
        assertThat(settings.toString() + settings.redactedUri() + r.values() + r.problems()).doesNotContain(CANARY);
        assertThat(r.value(SettingKey.URL).orElseThrow().displayValue()).isEqualTo("redis://****@host:6379");
    }

    /** Issue 11 item 4: a short numeric password without its '@' is not echoed as a port. */
    @ParameterizedTest
    @CsvSource({"redis://:73571234", "redis://:123456", "rediss://:97"})
    void aNumberThatMayBeAPasswordIsNeverEchoedAsAPort(String url) {
        String digits = url.substring(url.lastIndexOf(':') + 1);
        ConfigResolution r = resolve("REDIS_URL", url);

        assertThat(r.isValid()).isFalse();
        assertThat(r.problems().toString() + r.values()).doesNotContain(digits);
    }

    @Test
    void aLongNumberAfterAHostIsNotEchoedEither() {
        ConfigResolution r = resolve("REDIS_URL", "redis://host:73571234");

        assertThat(codes(r)).containsExactly(ProblemCode.PORT_OUT_OF_RANGE);
        assertThat(r.problems().toString()).doesNotContain("73571234");
    }

    /** Issue 11 item 2: broken URLs never print their password, in messages or in the value column. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user:" + CANARY + "@host:6379", ":" + CANARY + "@h", "redis:/:" + CANARY + "@h", "redis:" + CANARY + "@h",
        "redis//:" + CANARY + "@h", "//:" + CANARY + "@h", "://:" + CANARY + "@h", "redis:\\/\\/:" + CANARY + "@h",
        "redis%3A%2F%2F%3A" + CANARY + "%40h%3A6379"})
    void aMalformedUrlNeverShowsItsPassword(String url) {
        ConfigResolution r = resolve("REDIS_URL", url);

        assertThat(r.isValid()).isFalse();
        assertThat(r.problems().toString() + r.values()).doesNotContain(CANARY);
    }

    @Test
    void bareNumberDurationSuggestsAUnit() {
        ConfigResolution r = resolve("REDIS_COMMAND_TIMEOUT", "250");

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.DURATION_INVALID);
            assertThat(p.hint()).contains("250ms");
        });
    }

    @Test
    void percentEncodedPasswordsAreDecodedAndIpv6HostsWork() {
        RedisSettings s = resolve("REDIS_URL", "redis://:p%40ss%3Aword@[::1]:6390").requireValid();

        assertThat(s.password().reveal()).isEqualTo("p@ss:word");
        assertThat(s.host()).isEqualTo("::1");
        assertThat(s.port()).isEqualTo(6390);
    }

    @Test
    void passwordWithUnencodedAtSignStillParses() {
        RedisSettings s = resolve("REDIS_URL", "rediss://default:p@ss#w/rd@db.example.com:6380").requireValid();

        assertThat(s.password().reveal()).isEqualTo("p@ss#w/rd");
        assertThat(s.host()).isEqualTo("db.example.com");
    }

    @Test
    void queryParametersAreNamedButIgnored() {
        ConfigResolution r = resolve("REDIS_URL", "redis://host:6379/0?timeout=5s&clientName=x");

        assertThat(r.isValid()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(ProblemCode.URL_QUERY_IGNORED);
            assertThat(p.message()).contains("timeout, clientName");
        });
    }
}
