package dev.tether.redis.internal;

import dev.tether.redis.SubscriptionGap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The log and the listeners of one pub/sub connection's gaps, one useful line per outage: a loss
 * healed within {@link #WARN_AFTER} is one WARN when the subscriptions are back (messages were
 * missed all the same); a longer one is one WARN while it lasts (Lettuce's own reconnect warnings
 * are silenced, see {@link LettuceLogTaming}) and one INFO when it ends. Thread-safe.
 */
final class SubscriptionGaps {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");
    /** A loss still open after this is an outage worth a line of its own, before it ends. */
    static final Duration WARN_AFTER = Duration.ofSeconds(1);

    private final String target;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<SubscriptionGap>> listeners = new CopyOnWriteArrayList<>();

    SubscriptionGaps(String target, ScheduledExecutorService scheduler) {
        this.target = target;
        this.scheduler = scheduler;
    }

    void add(Consumer<SubscriptionGap> listener) {
        listeners.add(listener);
    }

    /**
     * A loss began: {@code stillOpen} is asked after {@link #WARN_AFTER}; when it says yes, the
     * outage is logged then. Returns the handle {@link #closed} needs.
     *
     * @param what what was lost, for the line ("pub/sub connection", "sharded subscriptions on node h:p")
     * @param why  what happened, or {@code null}
     */
    Loss opened(String what, String why, BooleanSupplier stillOpen) {
        Loss loss = new Loss();
        try {
            scheduler.schedule(() -> {
                if (stillOpen.getAsBoolean() && loss.warn()) {
                    LOG.warn("Redis {} to {} lost{}; subscribing again as soon as it can: messages published meanwhile are missed",
                            what, target, why == null ? "" : " (" + why + ")");
                }
            }, WARN_AFTER.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: nothing to report
        }
        return loss;
    }

    /** The subscriptions lost with {@code loss} are back: one line, then the listeners. */
    void closed(Loss loss, SubscriptionGap gap) {
        String line = "Redis pub/sub to {} resubscribed to {} channel(s), {} pattern(s) and {} shard channel(s) after {} ms: "
                + "messages published meanwhile were missed";
        Object[] args = {target, gap.channels().size(), gap.patterns().size(), gap.shardChannels().size(), gap.duration().toMillis()};
        if (loss.end()) {
            LOG.info(line, args);
        } else {
            LOG.warn(line, args);
        }
        for (Consumer<SubscriptionGap> l : listeners) {
            try {
                l.accept(gap);
            } catch (RuntimeException e) {
                LOG.warn("subscription gap listener {} threw {}", l, e.toString());
            }
        }
    }

    /** One loss: whether its outage was already logged. */
    static final class Loss {
        private boolean warned;
        private boolean ended;

        /** True when the outage line is to be written now (the loss has not ended). */
        synchronized boolean warn() {
            if (ended) {
                return false;
            }
            warned = true;
            return true;
        }

        /** Ends the loss; true when its outage was logged already. */
        synchronized boolean end() {
            ended = true;
            return warned;
        }
    }
}
