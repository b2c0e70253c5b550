package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;

import java.util.List;
import java.util.function.Consumer;

import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * The connection {@code SharedRedis.pipeline(...)} batches run on: opened and connected on first
 * use, supervised like the shared one, auto-flush off. Thread-safe.
 */
public final class PipeliningConnection {
    private final SupervisorFactory supervisors;
    private final RedisSettings settings;
    private volatile BatchPipeline pipeline;
    private volatile ConnectionSupervisor supervisor;

    public PipeliningConnection(SupervisorFactory supervisors, RedisSettings settings) {
        this.supervisors = supervisors;
        this.settings = settings;
    }

    /** Runs one batch; see {@link BatchPipeline#run(Consumer)}. */
    public List<Object> run(Consumer<RedisAsyncCommands<String, String>> batch) {
        return pipeline().run(batch);
    }

    private BatchPipeline pipeline() {
        BatchPipeline p = pipeline;
        if (p == null) {
            synchronized (this) {
                p = pipeline;
                if (p == null) {
                    ConnectionSupervisor s = supervisors.supervisor("pipelining connection", settings.commandTimeout(),
                            settings.connectTimeout().multipliedBy(2), null, null);
                    p = new BatchPipeline(supervisors.facade(s, ConnectionRole.PIPELINE, settings.commandTimeout()), settings.commandTimeout());
                    s.start();
                    SupervisorFactory.awaitConnected(s, settings.connectTimeout().multipliedBy(2), "the pipelining connection");
                    supervisor = s;
                    pipeline = p;
                }
            }
        }
        return p;
    }

    /** Closes the connection when it was opened. */
    public void close() {
        ConnectionSupervisor s = supervisor;
        if (s != null) {
            s.close();
        }
    }
}
