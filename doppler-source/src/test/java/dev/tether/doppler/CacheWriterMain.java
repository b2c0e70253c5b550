package dev.tether.doppler;

import dev.tether.config.Secret;
import dev.tether.doppler.internal.LastKnownGoodCache;

import java.nio.file.Path;

/** Run in a child JVM by {@link CacheConcurrencyTest}: reads the copy, then writes it {@code count} times as writer {@code id}. */
public final class CacheWriterMain {
    private CacheWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String id = args[1];
        int count = Integer.parseInt(args[2]);
        LastKnownGoodCache cache = new LastKnownGoodCache(file, Secret.of(Fixtures.TOKEN));
        cache.read(); // as the loader does: read the copy (deriving its key once), then replace it
        for (int i = 0; i < count; i++) {
            cache.write(CacheConcurrencyTest.copyBy(id, i));
        }
        System.out.println("wrote " + count);
    }
}
