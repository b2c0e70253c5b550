package dev.tether.chaos.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.tether.chaos.harness.Canaries;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tether logged during one scenario ({@code dev.tether.redis}, every level the logback
 * configuration lets through): its WARN-or-worse lines kept as text, and a count of lines that
 * contained a canary password. Attach with {@link #attach()}, detach with {@link #close()}. Thread-safe.
 */
final class TetherLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.tether.redis");
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicLong leaks = new AtomicLong();

    private TetherLog() {
    }

    static TetherLog attach() {
        TetherLog log = new TetherLog();
        log.setContext(log.logger.getLoggerContext());
        log.setName("service-scenario-log");
        log.start();
        log.logger.addAppender(log);
        return log;
    }

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(String.valueOf(event.getFormattedMessage()));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append('\n').append(t.getMessage());
        }
        if (Canaries.leakedIn(text)) {
            leaks.incrementAndGet();
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            warnings.add(event.getLevel() + " " + event.getFormattedMessage());
        }
    }

    /** The WARN-or-worse lines that contain {@code text}. */
    List<String> warningsContaining(String text) {
        return warnings.stream().filter(w -> w.contains(text)).toList();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Lines that contained a canary password (must be 0). */
    long leaks() {
        return leaks.get();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
