package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.redis.ConnectionState;
import dev.tether.redis.RedisNotSentException;
import dev.tether.redis.RedisUnavailableException;
import dev.tether.redis.TransactionBody;
import dev.tether.redis.TransactionOutcome;

import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dedicated connections of one {@code SharedRedis}: at most {@code maxDedicated} open at once
 * (a slot each), each connected before it is handed out; transactions run on one of them, and up to
 * {@link #IDLE_TRANSACTION_CONNECTIONS} are kept for the next transaction (holding their slots until
 * a blocking consumer needs one). Thread-safe.
 */
public final class DedicatedConnections {
    private static final int IDLE_TRANSACTION_CONNECTIONS = 2;

    private final SupervisorFactory supervisors;
    private final RedisSettings settings;
    private final int maxDedicated;
    /** {@code null}: the command timeout. */
    private final Duration dedicatedCommandTimeout;
    /** The shared connection: a transaction that finds it down fails as not sent without opening anything. */
    private final CommandFacade shared;
    private final AtomicInteger opened = new AtomicInteger();
    private final Semaphore slots;
    private final Set<SupervisedDedicatedConnection> open = ConcurrentHashMap.newKeySet();
    private final Deque<SupervisedDedicatedConnection> idleTransactionConnections = new ConcurrentLinkedDeque<>();

    /** @param dedicatedCommandTimeout the reply timeout on dedicated connections; {@code null} for the command timeout */
    public DedicatedConnections(SupervisorFactory supervisors, RedisSettings settings, int maxDedicated, Duration dedicatedCommandTimeout,
                                CommandFacade shared) {
        this.supervisors = supervisors;
        this.settings = settings;
        this.maxDedicated = maxDedicated;
        this.dedicatedCommandTimeout = dedicatedCommandTimeout;
        this.shared = shared;
        this.slots = new Semaphore(maxDedicated);
    }

    /**
     * Opens one and waits until it is connected.
     *
     * @throws IllegalStateException      when every slot is in use
     * @throws RedisUnavailableException when it cannot connect within twice the connect timeout
     */
    public SupervisedDedicatedConnection open() {
        if (!slots.tryAcquire()) {
            // idle transaction connections hold slots: give one back before refusing
            SupervisedDedicatedConnection idle = idleTransactionConnections.pollLast();
            if (idle != null) {
                idle.close();
            }
            if (!slots.tryAcquire()) {
                throw new IllegalStateException("all " + maxDedicated + " dedicated Redis connections are in use; close one, or raise maxDedicatedConnections");
            }
        }
        try {
            Duration wait = settings.connectTimeout().multipliedBy(2);
            Duration timeout = dedicatedCommandTimeout != null ? dedicatedCommandTimeout : settings.commandTimeout();
            String name = "dedicated connection #" + opened.incrementAndGet();
            ConnectionSupervisor s = supervisors.supervisor(name, timeout, wait, null, null);
            SupervisedDedicatedConnection[] self = new SupervisedDedicatedConnection[1];
            SupervisedDedicatedConnection d = new SupervisedDedicatedConnection(s,
                    supervisors.facade(s, ConnectionRole.DEDICATED, timeout), () -> {
                open.remove(self[0]);
                slots.release();
            });
            self[0] = d;
            open.add(d);
            s.start();
            try {
                SupervisorFactory.awaitConnected(s, wait, "a dedicated Redis connection");
            } catch (RedisUnavailableException e) {
                d.close();
                throw e;
            }
            return d;
        } catch (RuntimeException e) {
            if (e instanceof RedisUnavailableException) {
                throw e;
            }
            slots.release();
            throw e;
        }
    }

    /** One run of a transaction body on an idle transaction connection or a new one; {@code attempt} counts the runs. */
    public <T> TransactionOutcome<T> transaction(TransactionBody<T> body, int attempt) {
        SupervisedDedicatedConnection connection = idleTransactionConnections.pollFirst();
        while (connection != null && !connection.reusable()) {
            connection.close();
            connection = idleTransactionConnections.pollFirst();
        }
        if (connection == null) {
            if (shared.supervisor().state() != ConnectionState.CONNECTED) {
                throw shared.notSentNow();
            }
            try {
                connection = open();
            } catch (RedisUnavailableException e) {
                throw new RedisNotSentException("not sent: could not open the transaction's connection (" + e.getMessage()
                        + "); nothing was written, retrying is safe", e);
            }
        }
        boolean clean = false;
        try {
            DedicatedTransaction tx = new DedicatedTransaction(connection.facade());
            T value;
            try {
                value = body.run(tx);
            } catch (RuntimeException | Error e) {
                clean = tx.abandon();
                throw e;
            }
            TransactionOutcome<T> outcome = tx.finish(value, attempt);
            clean = true;
            return outcome;
        } finally {
            if (clean && connection.reusable() && idleTransactionConnections.size() < IDLE_TRANSACTION_CONNECTIONS) {
                idleTransactionConnections.addFirst(connection);
            } else {
                connection.close();
            }
        }
    }

    /** How many are open (idle transaction connections included). */
    public int count() {
        return open.size();
    }

    /** Closes every one. */
    public void close() {
        idleTransactionConnections.clear();
        open.forEach(SupervisedDedicatedConnection::close);
    }
}
