package dev.tether.microprofile.internal;

import dev.tether.redis.SharedRedis;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Shutdown that cannot hang. Quarkus rewrites Netty 4.1's {@code CleanerJava9} at build time; on the Netty 4.2 that
 * Lettuce 7 runs on, that leaves Netty unable to free a direct buffer unless the JVM runs with
 * {@value #FLAGS}. Then Lettuce's event loops die while releasing their buffers, their termination never
 * completes, and Lettuce's {@code shutdown()} waits for it forever: the process hangs on SIGTERM. This class
 * probes for that at startup (one WARN naming the flags) and bounds the wait at shutdown.
 */
public final class NettyShutdownCheck {
    static final String FLAGS = "--add-opens java.base/java.nio=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true";
    /** How long closing may take before shutdown goes on without it. */
    public static final Duration CLOSE_BUDGET = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private NettyShutdownCheck() {
    }

    /** Whether Netty can free a direct buffer here, by the same path Lettuce's event loops use. */
    public static boolean nettyCanFreeDirectBuffers() {
        try {
            PlatformDependent.allocateDirect(16).clean();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** Logs one WARN when Netty cannot free direct buffers in this runtime. */
    public static void warnIfBuffersCannotBeFreed() {
        if (!nettyCanFreeDirectBuffers()) {
            LOG.warn("Netty cannot free direct buffers in this runtime (a build-time rewrite of Netty's CleanerJava9): Redis "
                    + "connections cannot shut down cleanly, so tether bounds their shutdown to {} ms. Start the JVM with {} to fix it",
                    CLOSE_BUDGET.toMillis(), FLAGS);
        }
    }

    /** Closes {@code redis}, waiting at most {@link #CLOSE_BUDGET}; a close still running then is left to finish or not. */
    public static void closeWithin(SharedRedis redis) {
        Thread closer = new Thread(redis::close, "tether-redis-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(CLOSE_BUDGET.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("Redis client did not shut down within {} ms; shutdown goes on without it{}", CLOSE_BUDGET.toMillis(),
                    nettyCanFreeDirectBuffers() ? "" : " (Netty cannot free direct buffers here: start the JVM with " + FLAGS + ")");
        }
    }

}
