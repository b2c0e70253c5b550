package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.redis.RedisUnavailableException;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the supervised connections of one {@code SharedRedis} (the shared one, each dedicated one,
 * the pipelining one) with the options they all have in common: the connector, the resources, the
 * scheduler, the credentials, the disconnected wait and the reconnect backoff. Thread-safe.
 */
public final class SupervisorFactory {
    private final RedisSettings settings;
    private final Connector connector;
    private final ClientResources resources;
    private final ScheduledExecutorService scheduler;
    private final CredentialRotation credentials;
    private final Duration disconnectedWait;
    private final Duration backoffMin;
    private final Duration backoffMax;

    public SupervisorFactory(RedisSettings settings, Connector connector, ClientResources resources, ScheduledExecutorService scheduler,
                             CredentialRotation credentials, Duration disconnectedWait, Duration backoffMin, Duration backoffMax) {
        this.settings = settings;
        this.connector = connector;
        this.resources = resources;
        this.scheduler = scheduler;
        this.credentials = credentials;
        this.disconnectedWait = disconnectedWait;
        this.backoffMin = backoffMin;
        this.backoffMax = backoffMax;
    }

    /** A supervisor not started yet; see {@link SupervisorConfig} for the arguments. */
    public ConnectionSupervisor supervisor(String name, Duration commandTimeout, Duration bootstrapBudget, Duration stallTimeout, Duration idlePing) {
        return new ConnectionSupervisor(connector, resources, new SupervisorConfig(settings, name, commandTimeout,
                disconnectedWait, bootstrapBudget, backoffMin, backoffMax, stallTimeout, idlePing), scheduler, credentials);
    }

    /** The views of {@code supervisor}'s connection in {@code role}, timed by the resources' timer. */
    public CommandFacade facade(ConnectionSupervisor supervisor, ConnectionRole role, Duration commandTimeout) {
        return new CommandFacade(supervisor, resources.timer(), role, commandTimeout);
    }

    /** Waits up to {@code wait} (plus a second) for the first connection; closes {@code s} when it does not come. */
    static void awaitConnected(ConnectionSupervisor s, Duration wait, String what) {
        try {
            s.awaitReady(wait.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            s.close();
            throw new RedisUnavailableException("could not open " + what, s.lastDiagnosis(), null);
        }
    }
}
