package dev.tether.config;

import io.lettuce.core.ReadFrom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10: a cluster's seed list and Sentinel's URL in {@code REDIS_URL}, {@code REDIS_MODE} and {@code REDIS_READ_FROM}. */
class ClusterAndSentinelSettingsTest {
    private static final String CANARY = "canary-Pw-7731";

    @TempDir
    Path dir;

    private ConfigResolution resolve(String... keyValues) {
        return IsolatedResolution.resolve(dir, keyValues);
    }

    private static List<ProblemCode> codes(ConfigResolution r) {
        return IsolatedResolution.codes(r);
    }

    private static void assertNoCanaryShown(ConfigResolution r) {
        assertThat(r.problems().toString() + r.values()).doesNotContain(CANARY);
        r.settings().ifPresent(s -> assertThat(s.toString() + s.redactedUri()).doesNotContain(CANARY));
    }

    // ---- cluster seed lists ---------------------------------------------------------------------

    @Test
    void aSeedListIsAClusterWhoseLaterSeedsInheritTheFirstsSchemeAndCredentials() {
        ConfigResolution r = resolve("REDIS_URL", "rediss://app:" + CANARY + "@node1.example.com:6379,node2.example.com:6380,[::1]");

        RedisSettings s = r.requireValid();
        assertThat(s.mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(s.nodes()).containsExactly(new RedisNode("node1.example.com", 6379), new RedisNode("node2.example.com", 6380),
                new RedisNode("::1", 6379));
        assertThat(s.host()).isEqualTo("node1.example.com");
        assertThat(s.port()).isEqualTo(6379);
        assertThat(s.tls()).isTrue();
        assertThat(s.username()).contains("app");
        assertThat(s.password().reveal()).isEqualTo(CANARY);
        assertThat(s.redactedUri()).isEqualTo("rediss://app:****@node1.example.com:6379,node2.example.com:6380,[::1]:6379/0");
        assertThat(r.value(SettingKey.URL).orElseThrow().displayValue())
                .isEqualTo("rediss://app:****@node1.example.com:6379,node2.example.com:6380,[::1]");
        assertNoCanaryShown(r);
    }

    @Test
    void laterSeedsMayRepeatTheWholeUrl() {
        RedisSettings s = resolve("REDIS_URL", "redis://:" + CANARY + "@a:7000, redis://:" + CANARY + "@b:7001").requireValid();

        assertThat(s.mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(s.nodes()).containsExactly(new RedisNode("a", 7000), new RedisNode("b", 7001));
        assertThat(s.password().reveal()).isEqualTo(CANARY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "redis://:" + CANARY + "@a:7000,rediss://b:7001           | is rediss:// while the first is redis://",
            "redis://:" + CANARY + "@a:7000,redis-sentinel://b:7001#m | is redis-sentinel:// while the first is redis://",
            "redis://:" + CANARY + "@a:7000,redis://:other@b:7001     | carries other credentials than the first",
            "redis://a:7000/0,redis://b:7001/1                        | selects another database than the first",
    })
    void seedsThatDisagreeAreAMixedSeedList(String url, String message) {
        ConfigResolution r = resolve("REDIS_URL", url.strip());

        assertThat(codes(r)).contains(ProblemCode.SEED_LIST_MIXED);
        assertThat(r.problems()).filteredOn(p -> p.code() == ProblemCode.SEED_LIST_MIXED)
                .singleElement().satisfies(p -> {
                    assertThat(p.message()).contains("REDIS_URL (env) seed 2 ").contains(message.strip());
                    assertThat(p.hint()).contains("once").contains("seed");
                });
        assertThat(r.isValid()).isFalse();
        assertNoCanaryShown(r);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "redis://a:7000,b:7001/3 | auto",
            "redis://a:7000/3        | cluster",
    })
    void aClusterHasOnlyDatabaseZero(String url, String mode) {
        ConfigResolution r = resolve("REDIS_URL", url.strip(), "REDIS_MODE", mode.strip());

        assertThat(codes(r)).containsExactly(ProblemCode.CLUSTER_DATABASE_NOT_ZERO);
        assertThat(r.problems().get(0).message()).contains("database 3");
        assertThat(r.problems().get(0).hint()).contains("remove the /3");
    }

    @Test
    void oneNodeInClusterModeIsAConfigurationEndpoint() {
        RedisSettings s = resolve("REDIS_URL", "rediss://clustercfg.my-cache.abc123.use1.cache.amazonaws.com:6379", "REDIS_MODE", "cluster")
                .requireValid();

        assertThat(s.mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(s.nodes()).hasSize(1);
    }

    @Test
    void oneNodeUnderAutoIsLeftToTheServerAndStandaloneSaysSo() {
        assertThat(resolve("REDIS_URL", "redis://h:6379").requireValid().mode()).isEqualTo(RedisMode.AUTO);
        assertThat(resolve().requireValid().mode()).isEqualTo(RedisMode.AUTO);
        assertThat(resolve("REDIS_URL", "redis://h:6379", "REDIS_MODE", "Standalone").requireValid().mode()).isEqualTo(RedisMode.STANDALONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "redis://:" + CANARY + "@a:6379,b:70000 | PORT_OUT_OF_RANGE | seed 2 has port 70000",
            "redis://:" + CANARY + "@a:6379,b:x     | PORT_OUT_OF_RANGE | seed 2 has a port that is not a number",
            "redis://:" + CANARY + "@a:6379,,b      | URL_HOST_MISSING  | seed 2 is empty",
            "redis://:" + CANARY + "@a:6379,        | URL_HOST_MISSING  | seed 2 is empty",
            "redis://:" + CANARY + "@a:6379,:7000   | URL_HOST_MISSING  | seed 2 has no host",
            "redis://:" + CANARY + "@a:6379,b c:1   | URL_MALFORMED     | seed 2 has a host name with characters",
            "redis://:" + CANARY + "@a:6379,[::1    | URL_MALFORMED     | seed 2 has an IPv6 host without",
    })
    void aBadSeedIsNamedByItsPosition(String url, ProblemCode code, String message) {
        ConfigResolution r = resolve("REDIS_URL", url.strip());

        assertThat(r.isValid()).isFalse();
        assertThat(r.problems()).filteredOn(p -> p.code() == code).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("REDIS_URL (env) " + message.strip()));
        assertNoCanaryShown(r);
    }

    @Test
    void aDatabaseWrittenAfterTheFirstSeedSaysWhereItBelongs() {
        ConfigResolution r = resolve("REDIS_URL", "redis://a:6379/0,b:6379");

        assertThat(codes(r)).containsExactly(ProblemCode.DB_INDEX_INVALID);
        assertThat(r.problems().get(0).hint()).contains("after the last seed");
    }

    // ---- Sentinel --------------------------------------------------------------------------------

    @Test
    void aSentinelUrlNamesTheSentinelsThePrimarysNameAndTheDatabase() {
        ConfigResolution r = resolve("REDIS_URL", "redis-sentinel://app:" + CANARY + "@s1:26380,s2,s3:26381/2#my-primary",
                "REDIS_SENTINEL_PASSWORD", CANARY + "-sentinel");

        RedisSettings s = r.requireValid();
        assertThat(s.mode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(s.nodes()).containsExactly(new RedisNode("s1", 26380), new RedisNode("s2", 26379), new RedisNode("s3", 26381));
        assertThat(s.sentinelMasterId()).contains("my-primary");
        assertThat(s.database()).isEqualTo(2);
        assertThat(s.tls()).isFalse();
        assertThat(s.password().reveal()).isEqualTo(CANARY);
        assertThat(s.sentinelPassword().reveal()).isEqualTo(CANARY + "-sentinel");
        assertThat(s.redactedUri()).isEqualTo("redis-sentinel://app:****@s1:26380,s2:26379,s3:26381/2#my-primary");
        assertThat(r.value(SettingKey.SENTINEL_PASSWORD).orElseThrow().displayValue()).isEqualTo(Redactor.MASK);
        assertThat(r.problems()).isEmpty();
        assertNoCanaryShown(r);
    }

    @Test
    void tlsSentinelAndLettucesMasterIdParameterAreUnderstood() {
        RedisSettings s = resolve("REDIS_URL", "rediss-sentinel://s1?sentinelMasterId=orders").requireValid();
        RedisSettings upgraded = resolve("REDIS_URL", "redis-sentinel://s1#orders", "REDIS_TLS", "true").requireValid();

        assertThat(s.tls()).isTrue();
        assertThat(s.sentinelMasterId()).contains("orders");
        assertThat(upgraded.redactedUri()).isEqualTo("rediss-sentinel://s1:26379/0#orders");
    }

    @ParameterizedTest
    @CsvSource({"redis-sentinel://:" + CANARY + "@s1:26379,s2:26379", "redis-sentinel://s1:26379/0#", "rediss-sentinel://s1"})
    void aSentinelUrlWithoutThePrimarysNameIsAnError(String url) {
        ConfigResolution r = resolve("REDIS_URL", url);

        assertThat(codes(r)).containsExactly(ProblemCode.SENTINEL_MASTER_MISSING);
        assertThat(r.problems().get(0).hint()).contains("#mymaster");
        assertNoCanaryShown(r);
    }

    // ---- REDIS_MODE and REDIS_READ_FROM -------------------------------------------------------

    @ParameterizedTest(name = "{1} with {0}")
    @CsvSource(delimiter = '|', value = {
            "redis://h:6379                     | sentinel   | redis-sentinel://s1:26379,s2:26379#mymaster",
            "redis://a:6379,b:6379              | standalone | REDIS_MODE=cluster",
            "redis-sentinel://s1:26379#m        | cluster    | set it to sentinel",
            "redis-sentinel://s1:26379#m        | standalone | set it to sentinel",
    })
    void aModeThatContradictsTheUrlIsAConflict(String url, String mode, String hint) {
        ConfigResolution r = resolve("REDIS_URL", url.strip(), "REDIS_MODE", mode.strip());

        assertThat(codes(r)).containsExactly(ProblemCode.MODE_CONFLICT);
        assertThat(r.problems().get(0).message()).contains("REDIS_MODE (env) is " + mode.strip());
        assertThat(r.problems().get(0).hint()).contains(hint.strip());
    }

    @Test
    void unknownModeAndReadFromAreNamedWithTheirChoices() {
        ConfigResolution r = resolve("REDIS_MODE", "replicated", "REDIS_READ_FROM", "closest");

        assertThat(codes(r)).containsExactly(ProblemCode.VALUE_UNKNOWN, ProblemCode.VALUE_UNKNOWN);
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("REDIS_MODE");
            assertThat(p.message()).contains("'replicated'");
            assertThat(p.hint()).contains("auto, standalone, cluster or sentinel");
        }).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("REDIS_READ_FROM");
            assertThat(p.hint()).contains("replica-preferred");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "replica-preferred, REPLICA_PREFERRED, replicaPreferred", "replicaPreferred, REPLICA_PREFERRED, replicaPreferred",
            "SLAVE, REPLICA, replica", "master, PRIMARY, upstream", "upstream_preferred, PRIMARY_PREFERRED, upstreamPreferred",
            "nearest, LOWEST_LATENCY, lowestLatency", "any-replica, ANY_REPLICA, anyReplica", "any, ANY, any"})
    void readFromTakesTethersAndLettucesNamesAndMapsToLettucesReadFrom(String text, ReadPreference expected, String lettuceName) {
        // the mapping lives on the connection's side (dev.tether.redis.internal.ReadFroms): settings load no Lettuce class
        RedisSettings s = resolve("REDIS_URL", "redis://a,b", "REDIS_READ_FROM", text).requireValid();

        assertThat(s.readFrom()).isEqualTo(expected);
        assertThat(dev.tether.redis.internal.ReadFroms.of(s.readFrom())).isSameAs(ReadFrom.valueOf(lettuceName));
        assertThat(resolve("REDIS_URL", "redis://a,b").requireValid().readFrom()).isEqualTo(ReadPreference.PRIMARY);
    }

    @Test
    void modeAndReadFromShowTheirProvenanceAndDefaults() {
        ConfigResolution r = resolve("REDIS_READ_FROM", "replica");

        assertThat(r.value(SettingKey.MODE).orElseThrow()).satisfies(v -> {
            assertThat(v.displayValue()).isEqualTo("auto");
            assertThat(v.isDefault()).isTrue();
        });
        assertThat(r.value(SettingKey.READ_FROM).orElseThrow().source().name()).isEqualTo("env");
    }

    @Test
    void optionsOfAnotherModeWarnThatTheyHaveNoEffect() {
        ConfigResolution r = resolve("REDIS_URL", "redis://h:6379", "REDIS_MODE", "standalone",
                "REDIS_SENTINEL_PASSWORD", CANARY, "REDIS_READ_FROM", "replica");

        assertThat(r.isValid()).isTrue();
        assertThat(codes(r)).containsExactly(ProblemCode.MODE_OPTION_UNUSED, ProblemCode.MODE_OPTION_UNUSED);
        assertThat(r.problems()).extracting(Problem::key).containsExactlyInAnyOrder("REDIS_SENTINEL_PASSWORD", "REDIS_READ_FROM");
        assertNoCanaryShown(r);
    }

    // ---- the builder ------------------------------------------------------------------------------

    @Test
    void theBuilderDerivesTheModeFromTheNodesAndRejectsContradictions() {
        List<RedisNode> three = List.of(new RedisNode("a", 1), new RedisNode("b", 2), new RedisNode("c", 3));

        assertThat(RedisSettings.builder().nodes(three).build().mode()).isEqualTo(RedisMode.CLUSTER);
        assertThat(RedisSettings.builder().nodes(three).sentinelMasterId("m").build().mode()).isEqualTo(RedisMode.SENTINEL);
        assertThat(RedisSettings.builder().build().mode()).isEqualTo(RedisMode.AUTO);
        RedisSettings cluster = RedisSettings.builder().nodes(three).host("z").readFrom(ReadPreference.ANY).build();
        assertThat(cluster.nodes()).extracting(RedisNode::host).containsExactly("z", "b", "c");
        assertThat(cluster.toBuilder().build()).isEqualTo(cluster);

        assertThatThrownBy(() -> RedisSettings.builder().mode(RedisMode.SENTINEL).build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sentinelMasterId");
        assertThatThrownBy(() -> RedisSettings.builder().nodes(three).mode(RedisMode.STANDALONE).build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisSettings.builder().mode(RedisMode.CLUSTER).database(1).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisSettings.builder().mode(RedisMode.CLUSTER).sentinelMasterId("m").build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RedisSettings.builder().nodes(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RedisNode("h", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster.nodes().add(new RedisNode("x", 1))).isInstanceOf(UnsupportedOperationException.class);
    }
}
