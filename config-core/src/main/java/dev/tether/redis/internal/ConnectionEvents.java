package dev.tether.redis.internal;

import dev.tether.redis.ConnectionEvent;
import dev.tether.redis.ConnectionListener;
import io.lettuce.core.event.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delivers one connection's events to its listeners and Lettuce's event bus, in the order the
 * state machine made its transitions, never while a lock is held, and nothing after
 * {@link ConnectionEvent.Type#CLOSED}. Events are {@linkplain #enqueue queued} inside a transition
 * and {@linkplain #deliver delivered} after it by whichever thread gets there first. Thread-safe.
 */
final class ConnectionEvents {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final EventBus bus;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<ConnectionEvent> pending = new ArrayDeque<>();
    private Thread delivering;
    private volatile boolean closed;

    ConnectionEvents(EventBus bus) {
        this.bus = bus;
    }

    void add(ConnectionListener listener) {
        listeners.add(listener);
    }

    void remove(ConnectionListener listener) {
        listeners.remove(listener);
    }

    /** Queues an event; call inside the transition that caused it. Dropped after CLOSED. */
    synchronized void enqueue(ConnectionEvent event) {
        if (closed) {
            return;
        }
        pending.add(event);
        if (event.type() == ConnectionEvent.Type.CLOSED) {
            closed = true;
        }
    }

    /** Delivers queued events in order; call after the transition, with no lock held. */
    void deliver() {
        synchronized (this) {
            if (delivering != null) {
                return;
            }
            delivering = Thread.currentThread();
        }
        while (true) {
            ConnectionEvent event;
            synchronized (this) {
                event = pending.poll();
                if (event == null) {
                    delivering = null;
                    notifyAll();
                    return;
                }
            }
            dispatch(event);
        }
    }

    /**
     * Delivers what is queued and waits (bounded) until another thread delivering has finished, so
     * that once {@code close()} returns no listener is called again. A listener that closes the
     * connection from inside {@code onEvent} does not wait for itself.
     */
    void drain(long timeoutNanos) {
        deliver();
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            while (delivering != null && delivering != Thread.currentThread()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A command failed because of the connection: tells each listener at once, on this thread; nothing after CLOSED. */
    void commandFailed(RuntimeException failure) {
        if (closed) {
            return;
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onCommandFailed(failure);
            } catch (RuntimeException e) {
                LOG.warn("connection listener {} threw {}", listener, e.toString());
            }
        }
    }

    private void dispatch(ConnectionEvent event) {
        try {
            bus.publish(event);
        } catch (RuntimeException e) {
            LOG.debug("event bus refused {}", event.type(), e);
        }
        for (ConnectionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("connection listener {} threw {}", listener, e.toString());
            }
        }
    }
}
