package dev.tether.redis.internal;

import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * With no SLF4J provider on the classpath SLF4J drops every line, and an outage would go unreported.
 * Then the outage lines (start, recovery, bootstrap failure) also go to {@code java.util.logging}
 * (logger {@code dev.tether.redis}, on stderr by default), the first one preceded by how to wire a
 * backend. Does nothing when SLF4J has a provider. Thread-safe.
 */
final class JulFallback {
    static final String HINT = "tether: no SLF4J provider on the classpath, so tether reports Redis outages through java.util.logging. "
            + "Add a logging backend (ch.qos.logback:logback-classic, or org.apache.logging.log4j:log4j-slf4j2-impl) "
            + "and configure logger dev.tether at INFO and io.lettuce at WARN";
    private static final Logger JUL = Logger.getLogger("dev.tether.redis");
    private static final JulFallback INSTANCE = new JulFallback(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory, JUL);

    private final boolean active;
    private final Logger logger;
    private final AtomicBoolean hinted = new AtomicBoolean();

    JulFallback(boolean active, Logger logger) {
        this.active = active;
        this.logger = logger;
    }

    static JulFallback get() {
        return INSTANCE;
    }

    void log(Level level, String pattern, Object... args) {
        if (!active) {
            return;
        }
        if (hinted.compareAndSet(false, true)) {
            logger.warning(HINT);
        }
        logger.log(level, MessageFormatter.arrayFormat(pattern, args).getMessage());
    }
}
