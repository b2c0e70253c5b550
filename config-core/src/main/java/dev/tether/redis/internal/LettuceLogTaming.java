package dev.tether.redis.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;

/**
 * Lettuce logs every I/O error on a connection at INFO with a full stack trace
 * ({@code CommandHandler: Unexpected exception during request}); tether already reports each outage
 * in one line. When the backend is Logback and the application has not set a level for
 * {@code io.lettuce.core.protocol} itself, this raises it to WARN; likewise the cluster topology
 * refresh's per-node "Unable to connect" warnings to ERROR (tether logs a cluster node's outage once:
 * {@link ClusterNodeOutages}), and so the reconnect's "Cannot reconnect to [...]" warnings of every
 * connection with Lettuce's own reconnect (a cluster's node connections, the pub/sub connections):
 * each warns every 5 s while its node is down, for ever when the node died and the cluster failed it
 * over (lettuce-core 7.7.0 {@code ConnectionWatchdog.run}: WARN, then DEBUG for 5 s, per connection);
 * tether's own line says it once ({@link ClusterNodeOutages}, {@link SubscriptionGaps}). Set the system property
 * {@code tether.logging.tame=false} to leave Lettuce's logging alone. Other backends are untouched.
 */
public final class LettuceLogTaming {
    static final String LOGGER = "io.lettuce.core.protocol";
    /** Warns once per unreachable node per topology refresh (twice a second while a node is down); tether logs the node's outage once. */
    static final String TOPOLOGY_LOGGER = "io.lettuce.core.cluster.topology.DefaultClusterTopologyRefresh";
    /** Warns "Cannot reconnect to [...]" once per 5 s per reconnecting connection. */
    static final String RECONNECT_LOGGER = "io.lettuce.core.protocol.ConnectionWatchdog";
    private static volatile boolean done;

    private LettuceLogTaming() {
    }

    public static void apply() {
        if (done || "false".equalsIgnoreCase(System.getProperty("tether.logging.tame"))) {
            return;
        }
        done = true;
        raise(LOGGER, "WARN");
        raise(TOPOLOGY_LOGGER, "ERROR");
        raise(RECONNECT_LOGGER, "ERROR");
    }

    private static void raise(String name, String levelName) {
        Logger logger = LoggerFactory.getLogger(name);
        if (!logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
            return;
        }
        try {
            Method getLevel = logger.getClass().getMethod("getLevel");
            if (getLevel.invoke(logger) != null) {
                return;
            }
            Class<?> level = Class.forName("ch.qos.logback.classic.Level", true, logger.getClass().getClassLoader());
            logger.getClass().getMethod("setLevel", level).invoke(logger, level.getField(levelName).get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            LoggerFactory.getLogger("dev.tether.redis").debug("could not tame Lettuce's logger: {}", e.toString());
        }
    }
}
