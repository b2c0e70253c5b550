package dev.tether.redis.internal;

import dev.tether.redis.ConnectionState;
import dev.tether.redis.DedicatedConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link DedicatedConnection} backed by a supervisor of its own. Thread-safe. */
public final class SupervisedDedicatedConnection implements DedicatedConnection {
    private final ConnectionSupervisor supervisor;
    private final CommandFacade facade;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SupervisedDedicatedConnection(ConnectionSupervisor supervisor, CommandFacade facade, Runnable onClose) {
        this.supervisor = supervisor;
        this.facade = facade;
        this.onClose = onClose;
    }

    public CommandFacade facade() {
        return facade;
    }

    public ConnectionSupervisor supervisor() {
        return supervisor;
    }

    @Override
    public RedisCommands<String, String> sync() {
        return facade.sync();
    }

    @Override
    public RedisAsyncCommands<String, String> async() {
        return facade.async();
    }

    @Override
    public RedisReactiveCommands<String, String> reactive() {
        return facade.reactive();
    }

    @Override
    public ConnectionState state() {
        return supervisor.state();
    }

    /** Whether it can carry a new transaction: open, connected, and no WATCH/MULTI left over. */
    public boolean reusable() {
        return !closed.get() && supervisor.state() == ConnectionState.CONNECTED && !facade.connection().isMulti() && !facade.pinnedToLink();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            supervisor.close();
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return "dedicated " + facade;
    }
}
