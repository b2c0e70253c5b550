package dev.tether.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    @Test
    void keepsSchemeUserHostAndPortOfAnUpstashUrl() {
        assertThat(Redactor.redact("rediss://default:AYx3canaryPw@finer-cub-33800.upstash.io:6379"))
                .isEqualTo("rediss://default:" + Redactor.MASK + "@finer-cub-33800.upstash.io:6379");
    }

    @Test
    void masksPasswordWithEmptyUserAndKeepsPath() {
        assertThat(Redactor.redact("redis://:canary@localhost:6379/2?timeout=3s"))
                .isEqualTo("redis://:****@localhost:6379/2?timeout=3s");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://bob:canary@example.com/x|http://bob:****@example.com/x",
        "https://:c@example.com|https://:****@example.com",
        "amqp+ssl://u:pw@mq:5671/vhost|amqp+ssl://u:****@mq:5671/vhost",
        "postgres://app:s3cr%40t%3Acanary@db:5432/app|postgres://app:****@db:5432/app",
    })
    void masksThePasswordOfAnyScheme(String in, String out) {
        assertThat(Redactor.redact(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"p@ss", "p:a:ss", "c#an/ary?x", "a@b@c", "ca@na:ry/#?%"})
    void theLastAtBeforeTheHostEndsTheUserinfo(String password) {
        assertThat(Redactor.redact("rediss://default:" + password + "@cache.example.com:6380/0"))
                .isEqualTo("rediss://default:****@cache.example.com:6380/0");
    }

    @Test
    void masksEveryPasswordInACommaSeparatedList() {
        assertThat(Redactor.redact("redis://:a@h1:6379,redis://:b@h2:6379, rediss://u:c,d@h3"))
                .isEqualTo("redis://:****@h1:6379,redis://:****@h2:6379, rediss://u:****@h3");
    }

    @Test
    void leavesAUrlWithAUserButNoPasswordAlone() {
        assertThat(Redactor.redact("redis://user@host:6379 and ssh://git@github.com:org/repo.git"))
                .isEqualTo("redis://user@host:6379 and ssh://git@github.com:org/repo.git");
    }

    @Test
    void schemelessSeparatorsAreNotUrls() {
        String regex = "grep -E '://[^:/@ ]*:[^@ ]{3,}@[a-z]+'";
        assertThat(Redactor.redact(regex)).isEqualTo(regex);
        assertThat(Redactor.redact("1redis://:canary@h")).isEqualTo("1redis://:****@h");
    }

    @Test
    void leavesTextWithoutCredentialsUntouched() {
        String text = "connected to redis://localhost:6379/0 in 12ms; mail bob@example.com";
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }

    @Test
    void hidesPasswordWithASpaceInTheValueOfAnEnvLine() {
        assertThat(Redactor.redact("REDIS_URL=redis://:p@ss w@rd@host:6379\nNEXT=1"))
                .isEqualTo("REDIS_URL=redis://:****@host:6379\nNEXT=1");
        assertThat(Redactor.redactUri("redis://:p@ss w@rd@host")).isEqualTo("redis://:****@host");
    }

    @Test
    void hidesPasswordOfUrlsTooBrokenForJavaNetUri() {
        assertThat(Redactor.redact("redis://:canary@")).isEqualTo("redis://:****@");
        assertThat(Redactor.redact("redis://:canary@:6379")).isEqualTo("redis://:****@:6379");
        assertThat(Redactor.redact("redis://u:canary@host:notaport/x")).isEqualTo("redis://u:****@host:notaport/x");
        assertThat(Redactor.redact("x \"redis://:ca nary@host\" y")).isEqualTo("x \"redis://:****@host\" y");
    }

    @Test
    void masksUrlsInsideJsonAndLogLines() {
        assertThat(Redactor.redact("{\"url\":\"redis://:canary@h:1\",\"mail\":\"a@b\"}"))
                .isEqualTo("{\"url\":\"redis://:****@h:1\",\"mail\":\"a@b\"}");
        assertThat(Redactor.redact("WARN connect to redis://:canary@h:1 failed (ECONNRESET)"))
                .isEqualTo("WARN connect to redis://:****@h:1 failed (ECONNRESET)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ct", "pt", "sa", "scim", "audit", "st", "st.dev_personal"})
    void masksDopplerTokensAndKeepsTheirPrefix(String type) {
        String body = "canary".repeat(7); // 42 alphanumerics
        assertThat(Redactor.redact("DOPPLER=dp." + type + "." + body + " ok"))
                .isEqualTo("DOPPLER=dp." + type + ".**** ok");
    }

    @Test
    void leavesTooShortDopplerLookalikesAlone() {
        assertThat(Redactor.redact("dp.ct.short")).isEqualTo("dp.ct.short");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "REDIS_PASSWORD=canary|REDIS_PASSWORD=****",
        "export REDIS_PASSWORD=\"can ary\"|export REDIS_PASSWORD=\"****\"",
        "redis.password = canary value # note|redis.password = ****",
        "  api_key: canary|  api_key: ****",
        "{\"clientSecret\":\"canary\",\"port\":6379}|{\"clientSecret\":\"****\",\"port\":6379}",
        "AWS_CREDENTIALS_FILE=/home/canary|AWS_CREDENTIALS_FILE=****",
        "login user=bob password=canary ok|login user=bob password=**** ok",
        "redis-cli --password=canary ping|redis-cli --password=**** ping",
        "log {\\\"token\\\":\\\"canary\\\"} end|log {\\\"token\\\":\\\"****\\\"} end",
        "'db-key': 'canary'|'db-key': '****'",
    })
    void masksValuesOfSecretNamedKeys(String in, String out) {
        assertThat(Redactor.redact(in)).isEqualTo(out);
    }

    @Test
    void masksAMultiLineDoubleQuotedDotenvValueWhole() {
        assertThat(Redactor.redact("REDIS_PASSWORD=\"can\nary\"\nX=1")).isEqualTo("REDIS_PASSWORD=\"****\"\nX=1");
    }

    @Test
    void aHostNamedLikeASecretKeyKeepsItsPort() {
        assertThat(Redactor.redact("redis://:canary@turnkey:6379/0 and https://monkey:8080/x at 10:30"))
                .isEqualTo("redis://:****@turnkey:6379/0 and https://monkey:8080/x at 10:30");
    }

    @Test
    void aPropertiesLineWithABareColonIsStillAnAssignment() {
        assertThat(Redactor.redact("redis.password:canary")).isEqualTo("redis.password:****");
    }

    @Test
    void leavesValuesOfOrdinaryKeysAlone() {
        assertThat(Redactor.redact("REDIS_HOST=example.com\nkeyboard: us")).isEqualTo("REDIS_HOST=example.com\nkeyboard: us");
    }

    @ParameterizedTest
    @ValueSource(strings = {"REDIS_PASSWORD", "redis.password", "api_key", "AWS_CREDENTIALS_FILE", "ClientSecret", "x-auth-token", "KEY"})
    void namesSecretKeys(String key) {
        assertThat(Redactor.isSecretKey(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"REDIS_URL", "redis.host", "keyboard", "PASSWORD_FILE_MODE", ""})
    void doesNotNameOrdinaryKeysSecret(String key) {
        assertThat(Redactor.isSecretKey(key)).isFalse();
    }

    @Test
    void redactValueMasksSecretKeysFullyAndUrlsPartly() {
        assertThat(Redactor.redactValue("REDIS_PASSWORD", "canary")).isEqualTo(Redactor.MASK);
        assertThat(Redactor.redactValue("REDIS_PASSWORD", "")).isEmpty();
        assertThat(Redactor.redactValue("REDIS_URL", "rediss://:canary@h:6380")).isEqualTo("rediss://:****@h:6380");
        assertThat(Redactor.redactValue(null, "plain")).isEqualTo("plain");
    }

    @Test
    void nullGivesNull() {
        assertThat(Redactor.redact(null)).isNull();
        assertThat(Redactor.redactUri(null)).isNull();
        assertThat(Redactor.redactValue("k", null)).isNull();
        assertThat(Redactor.isSecretKey(null)).isFalse();
    }

    @Test
    void redactingTwiceChangesNothingMore() {
        String text = "REDIS_URL=redis://:p@ss w@rd@h\npassword: x\ndp.st.dev." + "a".repeat(44);
        String once = Redactor.redact(text);
        assertThat(Redactor.redact(once)).isEqualTo(once);
    }

    @Test
    void secretNeverShowsItselfInToString() {
        Secret secret = Secret.of("canary");
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(secret.reveal()).isEqualTo("canary");
        assertThat(Secret.of(null).isEmpty()).isTrue();
        assertThat(Secret.empty().toString()).isEmpty();
        assertThat(Secret.of("canary")).isEqualTo(secret).isNotEqualTo(Secret.of("other"));
    }
}
