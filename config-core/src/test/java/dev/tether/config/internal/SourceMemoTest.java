package dev.tether.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The environment and system-properties sources are reused exactly while their maps are equal. */
class SourceMemoTest {
    @BeforeEach
    void forget() {
        SourceMemo.clear();
    }

    @Test
    void anEqualEnvironmentGivesTheSameSource() {
        var first = SourceMemo.environment(Map.of("REDIS_URL", "redis://h:6379"));

        assertThat(SourceMemo.environment(new HashMap<>(Map.of("REDIS_URL", "redis://h:6379")))).isSameAs(first);
        assertThat(first.getValue("redis.url")).isEqualTo("redis://h:6379");
    }

    @Test
    void aChangedEnvironmentGivesANewSourceWithTheNewValue() {
        var first = SourceMemo.environment(Map.of("REDIS_URL", "redis://h:6379"));
        var second = SourceMemo.environment(Map.of("REDIS_URL", "redis://other:6379"));

        assertThat(second).isNotSameAs(first);
        assertThat(second.getValue("REDIS_URL")).isEqualTo("redis://other:6379");
    }

    @Test
    void theSourceKeepsItsOwnCopyOfAMapChangedLater() {
        Map<String, String> env = new HashMap<>(Map.of("REDIS_URL", "redis://h:6379"));
        var first = SourceMemo.environment(env);

        env.put("REDIS_URL", "redis://changed:6379");
        var second = SourceMemo.environment(env);

        assertThat(first.getValue("REDIS_URL")).isEqualTo("redis://h:6379");
        assertThat(second.getValue("REDIS_URL")).isEqualTo("redis://changed:6379");
    }

    @Test
    void aFewEnvironmentsInTurnEachKeepTheirSourceAndTheOldestIsForgotten() {
        var one = SourceMemo.environment(Map.of("REDIS_URL", "redis://one:6379"));
        var two = SourceMemo.environment(Map.of("REDIS_URL", "redis://two:6379"));

        assertThat(SourceMemo.environment(Map.of("REDIS_URL", "redis://one:6379"))).isSameAs(one);
        assertThat(SourceMemo.environment(Map.of("REDIS_URL", "redis://two:6379"))).isSameAs(two);

        for (int i = 3; i <= 6; i++) {
            SourceMemo.environment(Map.of("REDIS_URL", "redis://h" + i + ":6379"));
        }
        var again = SourceMemo.environment(Map.of("REDIS_URL", "redis://one:6379"));
        assertThat(again).isNotSameAs(one);
        assertThat(again.getValue("REDIS_URL")).isEqualTo("redis://one:6379");
    }

    @Test
    void systemPropertiesAreKeptApartFromTheEnvironment() {
        var env = SourceMemo.environment(Map.of("REDIS_URL", "redis://env:6379"));
        var props = SourceMemo.systemProperties(Map.of("redis.url", "redis://prop:6379"));

        assertThat(props.getName()).contains(ConfigAssembly.SYSPROP_SOURCE_NAME);
        assertThat(props.getValue("redis.url")).isEqualTo("redis://prop:6379");
        assertThat(env.getValue("redis.url")).isEqualTo("redis://env:6379");
        assertThat(SourceMemo.systemProperties(Map.of("redis.url", "redis://prop:6379"))).isSameAs(props);
    }
}
