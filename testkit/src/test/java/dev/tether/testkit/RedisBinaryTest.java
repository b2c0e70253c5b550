package dev.tether.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {

  @Test
  void resolvesARunnableRedisSixOrNewerAndSaysWhy() {
    RedisBinary binary = RedisBinary.resolve();
    assertThat(binary.path()).isExecutable();
    assertThat(binary.reason()).isNotBlank();
    assertThat(Integer.parseInt(binary.version().split("\\.")[0])).isGreaterThanOrEqualTo(6);
    assertThat(RedisBinary.resolve()).as("cached per JVM").isSameAs(binary);
  }

  @Test
  void environmentVariableWinsOverPath(@TempDir Path dir) throws IOException {
    Path onPath = fakeExecutable(dir.resolve("bin"));
    Path fromEnv = fakeExecutable(dir.resolve("env"));
    RedisBinary binary = RedisBinary.lookUp(fromEnv.toString(), onPath.getParent().toString());
    assertThat(binary.source()).isEqualTo(RedisBinary.Source.ENVIRONMENT);
    assertThat(binary.path()).isEqualTo(fromEnv);
  }

  @Test
  void redisServerOnPathWinsOverTheEmbeddedBinary(@TempDir Path dir) throws IOException {
    Path onPath = fakeExecutable(dir);
    RedisBinary binary = RedisBinary.lookUp(null, "/nonexistent:" + dir);
    assertThat(binary.source()).isEqualTo(RedisBinary.Source.PATH);
    assertThat(binary.path()).isEqualTo(onPath);
  }

  @Test
  void withoutEnvironmentOrPathTheEmbeddedJarBinaryIsExtracted(@TempDir Path dir) {
    RedisBinary binary = RedisBinary.lookUp("", dir.toString());
    assertThat(binary.source()).isEqualTo(RedisBinary.Source.EMBEDDED_JAR);
    assertThat(binary.path()).isExecutable();
    assertThat(binary.version()).startsWith("6.2");
  }

  @Test
  void embeddedInTheEnvironmentVariableWinsOverPath(@TempDir Path dir) throws IOException {
    fakeExecutable(dir);

    RedisBinary binary = RedisBinary.lookUp("embedded", dir.toString());

    assertThat(binary.source()).isEqualTo(RedisBinary.Source.EMBEDDED_JAR);
    assertThat(binary.version()).startsWith("6.2");
  }

  @Test
  void aBrokenEnvironmentVariableFailsInsteadOfFallingBack(@TempDir Path dir) {
    assertThatThrownBy(() -> RedisBinary.lookUp(dir.resolve("missing").toString(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(RedisBinary.ENV_VARIABLE);
  }

  private static Path fakeExecutable(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("redis-server");
    Files.writeString(file, "#!/bin/sh\necho 'Redis server v=7.0.0 sha=0'\n");
    assertThat(file.toFile().setExecutable(true)).isTrue();
    return file;
  }
}
