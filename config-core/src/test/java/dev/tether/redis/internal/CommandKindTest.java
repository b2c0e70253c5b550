package dev.tether.redis.internal;

import io.lettuce.core.LMoveArgs;
import io.lettuce.core.XReadArgs;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CommandKindTest {

    @Test
    void blockingTimeComesFromTheCommandsOwnArguments() {
        assertThat(CommandKind.blockTimeOfMethod("blpop", new Object[]{5L, new String[]{"q"}})).isEqualTo(Duration.ofSeconds(5));
        assertThat(CommandKind.blockTimeOfMethod("bzpopmin", new Object[]{0.5, new String[]{"z"}})).isEqualTo(Duration.ofMillis(500));
        assertThat(CommandKind.blockTimeOfMethod("blmove", new Object[]{"a", "b", LMoveArgs.Builder.leftRight(), 2L})).isEqualTo(Duration.ofSeconds(2));
        assertThat(CommandKind.blockTimeOfMethod("blpop", new Object[]{0L, new String[]{"q"}})).isZero();
        assertThat(CommandKind.blockTimeOfMethod("xreadgroup", new Object[]{null, XReadArgs.Builder.block(1500).count(3), null}))
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(CommandKind.blockTimeOfMethod("waitForReplication", new Object[]{1, 250L})).isEqualTo(Duration.ofMillis(250));
        assertThat(CommandKind.blockTimeOfKeyword("BLPOP", "key<q> 3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(CommandKind.blockTimeOfKeyword("XREAD", "COUNT 1 BLOCK 700 STREAMS key<s> $")).isEqualTo(Duration.ofMillis(700));
        assertThat(CommandKind.blockTimeOfKeyword("WAITAOF", "1 0 900")).isEqualTo(Duration.ofMillis(900));
    }

    @Test
    void xreadIsBlockingOnlyWithBlock() {
        assertThat(CommandKind.ofMethod("xread", new Object[]{XReadArgs.Builder.count(5), null})).isEqualTo(CommandKind.PLAIN);
        assertThat(CommandKind.ofMethod("xread", new Object[]{XReadArgs.Builder.block(0), null})).isEqualTo(CommandKind.BLOCKING);
        assertThat(CommandKind.ofKeyword("xreadgroup", "GROUP g c COUNT 1 STREAMS s >")).isEqualTo(CommandKind.PLAIN);
        assertThat(CommandKind.ofKeyword("client", "TRACKING on")).isEqualTo(CommandKind.CLIENT_STATE);
        assertThat(CommandKind.ofKeyword("client", "LIST")).isEqualTo(CommandKind.PLAIN);
    }

    @Test
    void dedicatedConnectionsTakeBlockingAndTransactionsButNotStateAReconnectWouldDrop() {
        assertThat(CommandKind.BLOCKING.refusalOn(ConnectionRole.DEDICATED, "BLPOP")).isNull();
        assertThat(CommandKind.TRANSACTION.refusalOn(ConnectionRole.DEDICATED, "MULTI")).isNull();
        assertThat(CommandKind.DATABASE.refusalOn(ConnectionRole.DEDICATED, "SELECT")).isNotNull();
        assertThat(CommandKind.AUTO_FLUSH.refusalOn(ConnectionRole.DEDICATED, "setAutoFlushCommands")).isNotNull();
        assertThat(CommandKind.TRANSACTION.refusalOn(ConnectionRole.TRANSACTION, "WATCH")).isNull();
        assertThat(CommandKind.TRANSACTION.refusalOn(ConnectionRole.TRANSACTION, "EXEC")).isNotNull();
        assertThat(CommandKind.BLOCKING.refusalOn(ConnectionRole.PIPELINE, "BLPOP")).isNotNull();
    }
}
