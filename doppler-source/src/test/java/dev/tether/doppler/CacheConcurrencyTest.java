package dev.tether.doppler;

import dev.tether.config.Secret;
import dev.tether.doppler.internal.CachedSecrets;
import dev.tether.doppler.internal.LastKnownGoodCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Writers racing on one copy (threads of one JVM, or two JVMs starting together) never leave a broken file. */
class CacheConcurrencyTest {
    private static final int WRITES_PER_WRITER = 30;

    @TempDir
    Path dir;

    static CachedSecrets copyBy(String writer, int round) {
        return new CachedSecrets(Map.of("WRITER", writer, "ROUND", Integer.toString(round)), "\"" + writer + "-" + round + "\"", Instant.now());
    }

    @Test
    void fourThreadsWritingWhileTwoReadNeverCorruptTheCopy() throws Exception {
        Path file = dir.resolve("copy.bin");
        LastKnownGoodCache cache = new LastKnownGoodCache(file, Secret.of(Fixtures.TOKEN));
        cache.write(copyBy("seed", 0));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String id = "thread-" + w;
                writers.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < WRITES_PER_WRITER; i++) {
                        cache.write(copyBy(id, i));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    while (writing.get()) {
                        assertIntact(cache.read());
                        reads.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(reads.get()).isPositive();
        assertIntact(cache.read());
        assertNoTempFilesLeft(file);
    }

    @Test
    void twoJvmsWritingAtOnceNeverCorruptTheCopy() throws Exception {
        Path file = dir.resolve("copy.bin");
        LastKnownGoodCache cache = new LastKnownGoodCache(file, Secret.of(Fixtures.TOKEN));
        cache.write(copyBy("seed", 0));
        Process first = writerJvm(file, "jvm-1");
        Process second = writerJvm(file, "jvm-2");
        AtomicInteger reads = new AtomicInteger();
        try {
            // Read while both children are still writing: every read sees one whole copy.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(2)).until(() -> {
                assertIntact(cache.read());
                reads.incrementAndGet();
                return !first.isAlive() && !second.isAlive();
            });
            assertThat(first.waitFor()).as(output(first)).isZero();
            assertThat(second.waitFor()).as(output(second)).isZero();
        } finally {
            first.destroyForcibly();
            second.destroyForcibly();
        }
        assertThat(reads.get()).isPositive();
        CachedSecrets last = cache.read().orElseThrow();
        assertThat(last.secrets().get("WRITER")).isIn("jvm-1", "jvm-2");
        assertNoTempFilesLeft(file);
    }

    private Process writerJvm(Path file, String id) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CacheWriterMain.class.getName(),
                file.toString(), id, Integer.toString(WRITES_PER_WRITER))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(id + ".log").toFile())
                .start();
    }

    private String output(Process process) {
        try (var logs = Files.list(dir)) {
            return logs.filter(p -> p.toString().endsWith(".log")).map(p -> {
                try {
                    return p.getFileName() + ": " + Files.readString(p);
                } catch (IOException e) {
                    return p.getFileName() + ": unreadable";
                }
            }).reduce("", String::concat);
        } catch (IOException e) {
            return "no output";
        }
    }

    private static void assertIntact(Optional<CachedSecrets> read) {
        assertThat(read).hasValueSatisfying(copy -> {
            String writer = copy.secrets().get("WRITER");
            assertThat(copy.etag()).isEqualTo("\"" + writer + "-" + copy.secrets().get("ROUND") + "\"");
        });
    }

    private static void assertNoTempFilesLeft(Path file) throws IOException {
        try (var files = Files.list(file.getParent())) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }
}
