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

    /** Issue 11 item 3: for Redis schemes a userinfo without ':' is the password (Lettuce, redis-cli). */
    @Test
    void aRedisUserinfoWithoutColonIsThePasswordOtherSchemesKeepTheirUser() {
        assertThat(Redactor.redact("redis://canary@host:6379 and ssh://git@github.com:org/repo.git"))
                .isEqualTo("redis://****@host:6379 and ssh://git@github.com:org/repo.git");
        assertThat(Redactor.redactUri("rediss://canary@host:6380/0")).isEqualTo("rediss://****@host:6380/0");
    }

    /** Issue 11 item 2: whatever fails to parse and looks like userinfo hides everything up to the last '@'. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "user:canary@host:6379|****@host:6379",
        ":canary@h|****@h",
        "redis:/:canary@h|****@h",
        "redis:canary@h|****@h",
        "redis//:canary@h|****@h",
        "//:canary@h|****@h",
        "://:canary@h|****@h",
        "redis:\\/\\/:canary@h|****@h",
        "redis%3A%2F%2F%3Acanary%40h%3A6379|****%40h%3A6379",
        "canary@host:6379|****@host:6379",
    })
    void aMalformedUrlValueHidesEverythingBeforeItsLastAt(String value, String shown) {
        assertThat(Redactor.redactValue("REDIS_URL", value)).isEqualTo(shown);
        assertThat(Redactor.redact("url " + value + " failed")).doesNotContain("canary");
        assertThat(Redactor.redact("{\"url\":\"" + value + "\"}")).doesNotContain("canary");
    }

    /** Issue 11 item 2: a .env line that is only a pasted URL parses as key 'redis', value '//:pw@h'. */
    @Test
    void aPastedUrlLineReadAsKeyRedisIsMasked() {
        assertThat(Redactor.redactValue("redis", "//:canary@h:6379")).isEqualTo("****@h:6379");
    }

    @Test
    void aPlainEmailAddressStaysReadable() {
        assertThat(Redactor.redactValue("ALERT_EMAIL", "ops@example.com")).isEqualTo("ops@example.com");
    }

    /** Issue 11 item 4: a quote inside a quoted password leaks no fragment. */
    @ParameterizedTest
    @ValueSource(strings = {
        "REDIS_PASSWORD='can'ary' next",
        "password: \"can\\\"ary\" next",
        "REDIS_URL=\"redis://:can\"ary@host:6379\" next",
        "url \"redis://:can\"ary@host:6379\" next",
    })
    void aQuoteInsideAQuotedPasswordLeaksNoFragment(String text) {
        String redacted = Redactor.redact(text);
        assertThat(redacted).doesNotContain("can").doesNotContain("ary");
    }

    /** Issue 11 item 1: the widened names. */
    @ParameterizedTest
    @ValueSource(strings = {"DB_PASS", "MYSQL_PWD", "REDISCLI_AUTH", "REDIS_AUTH", "SENTRY_DSN", "SECRET_KEY_BASE",
        "JWT_PRIVATE_KEY_PEM", "STRIPE_SK", "dbPassword", "basicAuth", "GOOGLE_APPLICATION_CREDENTIALS", "TLS_KEY",
        "redis.pass", "SMTP_PASSWD", "ssh-passphrase"})
    void widenedSecretNames(String key) {
        assertThat(Redactor.isSecretKey(key)).isTrue();
        assertThat(Redactor.redact(key + "=canary")).isEqualTo(key + "=****");
    }

    @ParameterizedTest
    @ValueSource(strings = {"REDIS_URL", "AUTH_MODE", "REDIS_TLS_CA_FILE", "PASS_THROUGH_HOST", "KEYBOARD", "MONKEY_COUNT", "REDIS_HOST"})
    void namesThatAreNotSecrets(String key) {
        assertThat(Redactor.isSecretKey(key)).isFalse();
    }

    /** Issue 11 item 5: masking never eats tether's own hint words. */
    @Test
    void hintsKeepTheProductsOwnWords() {
        Problem syntax = Problem.of(ProblemCode.DOTENV_SYNTAX, null, ".env:3: bad",
                "the file follows docker compose's .env rules: KEY=value, quote values with spaces or '#', close every quote");
        Problem doppler = Problem.of(ProblemCode.SOURCE_FAILED, null, "401",
                "check DOPPLER_TOKEN: it may be mistyped, expired or revoked");
        Problem withUrl = Problem.of(ProblemCode.SOURCE_FAILED, null, "x", "try redis://:canary@h instead");

        assertThat(syntax.hint()).contains("KEY=value, quote values");
        assertThat(doppler.hint()).isEqualTo("check DOPPLER_TOKEN: it may be mistyped, expired or revoked");
        assertThat(withUrl.hint()).isEqualTo("try redis://:****@h instead");
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

    /** Issue 11 item 13: passwords Redis and its tools take as words, masked in logs and found by scan. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "requirepass canary|requirepass ****",
        "masterauth \"canary\"|masterauth \"****\"",
        "user app on >canary ~* +@all|user app on >**** ~* +@all",
        "ACL SETUSER app on >canary|ACL SETUSER app on >****",
        "command: redis-server --requirepass canary --appendonly yes|command: redis-server --requirepass **** --appendonly yes",
        "command: [\"redis-server\", \"--requirepass\", \"canary\"]|command: [\"redis-server\", \"--requirepass\", \"****\"]",
        "CMD redis-cli -h cache -a canary ping|CMD redis-cli -h cache -a **** ping",
        "ENV REDIS_PASSWORD canary|ENV REDIS_PASSWORD ****",
        "curl -H \"Authorization: Bearer canary\" https://x|curl -H \"Authorization: Bearer ****\" https://x",
        "Authorization: Bearer canary|Authorization: Bearer ****",
        "client.auth(\"canary\");|client.auth(\"****\");",
        "config.setPassword(\"canary\");|config.setPassword(\"****\");",
        "RedisURI.builder().withAuthentication(\"app\", \"canary\")|RedisURI.builder().withAuthentication(\"****\", \"****\")",
    })
    void redisDirectivesFlagsAndCallArgumentsAreMasked(String text, String expected) {
        assertThat(Redactor.redact(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"String p = System.getenv(\"REDIS_PASSWORD\");", "props.getPassword(\"x\")", "user count > 5"})
    void lookupsAreNotCallsThatTakeASecret(String text) {
        assertThat(Redactor.redact(text)).isEqualTo(text);
    }
}
