package dev.tether.redis.internal;

import dev.tether.diagnosis.Diagnosis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.logging.Level;

/**
 * The log of one connection's outages: one WARN when an outage starts (with its classified cause,
 * no stack trace), repeats counted at DEBUG, one INFO on recovery with the outage length and the
 * number of suppressed lines. Thread-safe.
 */
final class OutageLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    private final String target;
    private final String name;
    /** While a connection flaps, at most one WARN per this interval; the losses between are counted. */
    static final Duration WARN_INTERVAL = Duration.ofSeconds(30);
    private long suppressed;
    private Diagnosis lastCause;
    private long lastWarnNanos;
    private boolean warned;
    private boolean currentOutageWarned;
    private long lossesSinceWarn;

    OutageLog(String name, String target) {
        this.name = name;
        this.target = target;
    }

    synchronized void lost(Diagnosis cause) {
        suppressed = 0;
        lastCause = cause;
        long now = System.nanoTime();
        if (warned && now - lastWarnNanos < WARN_INTERVAL.toNanos()) {
            // A connection that keeps dropping right after recovering is one incident, not many.
            lossesSinceWarn++;
            currentOutageWarned = false;
            LOG.debug("Redis {} to {} lost again: {} ({})", name, target, cause.code(), cause.message());
            return;
        }
        String repeats = lossesSinceWarn > 0 ? " (" + lossesSinceWarn + " more losses since the last warning)" : "";
        String warning = "Redis {} to {} lost: {} ({}); reconnecting, commands fail fast until it is back{}. Hint: {}";
        Object[] warningArgs = {name, target, cause.code(), cause.message(), repeats, cause.hint()};
        LOG.warn(warning, warningArgs);
        JulFallback.get().log(Level.WARNING, warning, warningArgs);
        warned = true;
        currentOutageWarned = true;
        lastWarnNanos = now;
        lossesSinceWarn = 0;
    }

    synchronized void attemptFailed(Diagnosis cause, int attempt) {
        suppressed++;
        lastCause = cause;
        LOG.debug("Reconnect attempt {} to {} failed: {} ({})", attempt, target, cause.code(), cause.message());
    }

    synchronized void recovered(Duration outage) {
        if (!currentOutageWarned) {
            LOG.debug("Redis {} to {} recovered after {} ms", name, target, outage.toMillis());
            suppressed = 0;
            return;
        }
        currentOutageWarned = false;
        String info = "Redis {} to {} recovered after {} ms ({} failed attempt{} suppressed{})";
        Object[] args = {name, target, outage.toMillis(), suppressed, suppressed == 1 ? "" : "s", lastCause == null ? "" : ", last cause " + lastCause.code()};
        LOG.info(info, args);
        JulFallback.get().log(Level.INFO, info, args);
        suppressed = 0;
        lastCause = null;
    }

    void connected(Duration took) {
        LOG.info("Connected to Redis at {} in {} ms ({})", target, took.toMillis(), name);
    }

    void bootstrapFailed(Diagnosis cause, Duration budget, int attempts) {
        String error = "Could not connect to Redis at {} within {} ms ({} attempts, {}): {} ({}). Hint: {}";
        Object[] args = {target, budget.toMillis(), attempts, name, cause.code(), cause.message(), cause.hint()};
        LOG.error(error, args);
        JulFallback.get().log(Level.SEVERE, error, args);
    }

    void warn(String message, Object... args) {
        LOG.warn(message, args);
    }
}
