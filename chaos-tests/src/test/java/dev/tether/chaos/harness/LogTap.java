package dev.tether.chaos.harness;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens to every log event in the JVM: keeps the WARN-or-worse lines of the clients under test (the harness's
 * and testkit's own loggers excluded) to count the noise of a run, and checks every message and exception
 * message for canary passwords. Installed once per JVM; thread-safe.
 */
public final class LogTap extends AppenderBase<ILoggingEvent> {
    private static LogTap installed;

    private final Queue<long[]> warnTimes = new ConcurrentLinkedQueue<>();
    private final AtomicLong leaks = new AtomicLong();

    private LogTap() {
    }

    public static synchronized LogTap install() {
        if (installed == null) {
            LogTap tap = new LogTap();
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            tap.setContext(root.getLoggerContext());
            tap.setName("chaos-tap");
            tap.start();
            root.addAppender(tap);
            installed = tap;
        }
        return installed;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (Canaries.leakedIn(text(event))) {
            leaks.incrementAndGet();
        }
        String logger = event.getLoggerName();
        if (event.getLevel().isGreaterOrEqual(Level.WARN) && !logger.startsWith("dev.tether.chaos") && !logger.startsWith("dev.tether.testkit")) {
            warnTimes.add(new long[]{event.getTimeStamp()});
        }
    }

    private static String text(ILoggingEvent event) {
        StringBuilder s = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            s.append('\n').append(t.getMessage());
        }
        return s.toString();
    }

    /** WARN-or-worse lines of clients logged between the two wall-clock instants (ms), inclusive. */
    public int warnLinesBetween(long fromMillis, long toMillis) {
        int n = 0;
        for (long[] t : warnTimes) {
            if (t[0] >= fromMillis && t[0] <= toMillis) {
                n++;
            }
        }
        return n;
    }

    /** Log events so far whose text contained a canary password. */
    public long leaks() {
        return leaks.get();
    }
}
