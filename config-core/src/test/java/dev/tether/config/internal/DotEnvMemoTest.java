package dev.tether.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.config.SourceOrdinals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .env} read again is parsed again exactly when parsing could give another result. */
class DotEnvMemoTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void forget() {
        DotEnvMemo.clear();
    }

    private DotEnvConfigSource read(Path file) {
        return DotEnvConfigSource.of(file, env::get).orElseThrow();
    }

    @Test
    void anUnchangedFileWithUnchangedVariablesGivesTheSameSource() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), "REDIS_HOST=${HOST:-localhost}\nREDIS_URL=redis://${REDIS_HOST}:6379\n");
        env.put("HOST", "cache.internal");

        DotEnvConfigSource first = read(file);
        DotEnvConfigSource second = read(file);

        assertThat(second).isSameAs(first);
        assertThat(second.getValue("REDIS_URL")).isEqualTo("redis://cache.internal:6379");
    }

    @Test
    void anEditedFileIsParsedAgain() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://one:6379\n");
        DotEnvConfigSource first = read(file);

        Files.writeString(file, "REDIS_URL=redis://two:6379\n");
        DotEnvConfigSource second = read(file);

        assertThat(first.getValue("REDIS_URL")).isEqualTo("redis://one:6379");
        assertThat(second.getValue("REDIS_URL")).isEqualTo("redis://two:6379");
    }

    @Test
    void aChangedReferencedVariableIsSeen() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://${HOST:-localhost}:6379\n");
        assertThat(read(file).getValue("REDIS_URL")).isEqualTo("redis://localhost:6379");

        env.put("HOST", "set-later");
        assertThat(read(file).getValue("REDIS_URL")).isEqualTo("redis://set-later:6379");

        env.put("HOST", "changed");
        assertThat(read(file).getValue("REDIS_URL")).isEqualTo("redis://changed:6379");
    }

    @Test
    void aBareKeyTakesTheEnvironmentsCurrentValue() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), "REDIS_PASSWORD\n");
        env.put("REDIS_PASSWORD", "first");
        assertThat(read(file).getValue("REDIS_PASSWORD")).isEqualTo("first");

        env.put("REDIS_PASSWORD", "rotated");
        assertThat(read(file).getValue("REDIS_PASSWORD")).isEqualTo("rotated");
    }

    @Test
    void anUnrelatedVariableChangingKeepsTheSource() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://${HOST}:6379\n");
        env.put("HOST", "h");
        DotEnvConfigSource first = read(file);

        env.put("UNRELATED", "x");

        assertThat(read(file)).isSameAs(first);
    }

    @Test
    void anotherFileOrOrdinalIsItsOwnParse() throws Exception {
        Path a = Files.writeString(dir.resolve("a.env"), "REDIS_URL=redis://same:6379\n");
        Path b = Files.writeString(dir.resolve("b.env"), "REDIS_URL=redis://same:6379\n");
        DotEnvConfigSource fromA = read(a);

        DotEnvConfigSource fromB = read(b);
        DotEnvConfigSource otherOrdinal = DotEnvConfigSource.of(b, env::get, SourceOrdinals.DOT_ENV + 1).orElseThrow();

        assertThat(fromB).isNotSameAs(fromA);
        assertThat(fromB.getName()).contains("b.env");
        assertThat(otherOrdinal.getOrdinal()).isEqualTo(SourceOrdinals.DOT_ENV + 1);
    }

    @Test
    void aSyntaxErrorIsReportedAgainOnTheSecondRead() throws Exception {
        Path file = Files.writeString(dir.resolve(".env"), "REDIS_URL=redis://h:6379\nBROKEN=\"unclosed\n");

        assertThat(read(file).dotEnvFile().error()).isPresent();
        assertThat(read(file).dotEnvFile().error()).isPresent();
        assertThat(read(file).getValue("REDIS_URL")).isEqualTo("redis://h:6379");
    }
}
