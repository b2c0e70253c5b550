package dev.tether.redis.internal;

import dev.tether.redis.CrossSlotException;
import io.lettuce.core.Consumer;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The slot rule finds the keys of Lettuce's typed calls, and only the keys: hash fields, stream
 * group names and channels are typed {@code K} too but never make a call cross-slot.
 * ("user:1" and "user:2" hash to different slots; "{user:1}.a" and "{user:1}.b" to one.)
 */
class ClusterCommandsTest {
    private static Method m(String name, Class<?>... types) throws NoSuchMethodException {
        return RedisAsyncCommands.class.getMethod(name, types);
    }

    private static void oneSlot(Method method, Object... args) {
        ClusterCommands.requireOneSlot(method, args);
    }

    @Test
    void multiKeyCallsAcrossSlotsAreRefusedNamingEachKeysSlot() throws Exception {
        assertThatThrownBy(() -> oneSlot(m("mset", Map.class), Map.of("user:1", "a", "user:2", "b")))
                .isInstanceOf(CrossSlotException.class).satisfies(e -> ((CrossSlotException) e).slots().containsKey("user:2"));
        assertThatThrownBy(() -> oneSlot(m("del", Object[].class), (Object) new String[]{"user:1", "user:2"})).isInstanceOf(CrossSlotException.class);
        assertThatThrownBy(() -> oneSlot(m("rename", Object.class, Object.class), "user:1", "user:2")).isInstanceOf(CrossSlotException.class);
        assertThatThrownBy(() -> oneSlot(m("sinterstore", Object.class, Object[].class), "{user:1}.dst", new String[]{"user:2"}))
                .isInstanceOf(CrossSlotException.class);
        assertThatThrownBy(() -> oneSlot(m("eval", String.class, ScriptOutputType.class, Object[].class, Object[].class),
                "return 1", ScriptOutputType.INTEGER, new String[]{"user:1", "user:2"}, new String[]{"v"})).isInstanceOf(CrossSlotException.class);
        assertThatThrownBy(() -> oneSlot(m("xread", StreamOffset[].class),
                (Object) new StreamOffset[]{StreamOffset.from("user:1", "0"), StreamOffset.from("user:2", "0")})).isInstanceOf(CrossSlotException.class);
    }

    @Test
    void keysWithOneHashTagAndNonKeyArgumentsPass() throws Exception {
        assertThatCode(() -> oneSlot(m("mset", Map.class), Map.of("{user:1}.a", "a", "{user:1}.b", "b"))).doesNotThrowAnyException();
        assertThatCode(() -> oneSlot(m("hset", Object.class, Map.class), "user:1", Map.of("user:2", "x", "f", "y"))).doesNotThrowAnyException();
        assertThatCode(() -> oneSlot(m("hmget", Object.class, Object[].class), "user:1", new String[]{"user:2", "f"})).doesNotThrowAnyException();
        assertThatCode(() -> oneSlot(m("xgroupCreate", StreamOffset.class, Object.class), StreamOffset.from("jobs", "0"), "workers"))
                .doesNotThrowAnyException();
        assertThatCode(() -> oneSlot(m("xack", Object.class, Object.class, String[].class), "jobs", "workers", new String[]{"1-0"}))
                .doesNotThrowAnyException();
        assertThatCode(() -> oneSlot(m("xreadgroup", Consumer.class, StreamOffset[].class), Consumer.from("workers", "w1"),
                new StreamOffset[]{StreamOffset.lastConsumed("jobs")})).doesNotThrowAnyException();
        assertThatCode(() -> oneSlot(m("publish", Object.class, Object.class), "user:1", "user:2")).doesNotThrowAnyException();
    }
}
