package dev.tether.redis.internal;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.internal.FailureClassifier;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionEvent;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-WARN-per-outage rule for a cluster's nodes: Lettuce reconnects each node's connection by
 * itself (so tether's supervisor sees no outage), and every tether connection has its own
 * connection to each node. This logs a node's outage once, at its first failed reconnect (a blip
 * that one reconnect heals is not an outage), and once more when a connection to it is active
 * again, with the outage's length. A reconnect the node refuses for its credentials (a password
 * rotated on the server) asks for them to be re-read: Lettuce's next reconnect of that node, at most
 * a second later, authenticates with what was read. Thread-safe.
 */
final class ClusterNodeOutages {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final Map<String, Long> downSince = new ConcurrentHashMap<>();
    private final boolean tls;
    /** Called when a node refused a reconnect's credentials (AUTH_FAILED/AUTH_REQUIRED). */
    private final Runnable credentialsRefused;
    private volatile boolean closed;

    ClusterNodeOutages(boolean tls, Runnable credentialsRefused) {
        this.tls = tls;
        this.credentialsRefused = credentialsRefused;
    }

    void on(Event event) {
        if (closed || !(event instanceof ConnectionEvent e)) {
            return;
        }
        String node = address(e.remoteAddress());
        // Only a node connection's own reconnect fails: the topology refresh's short-lived connections never reconnect
        if (event instanceof ReconnectFailedEvent failed) {
            Diagnosis why = failed.getCause() == null ? null : FailureClassifier.classify(failed.getCause(), tls);
            boolean credentials = why != null && (why.code() == DiagnosisCode.AUTH_FAILED || why.code() == DiagnosisCode.AUTH_REQUIRED);
            if (credentials) {
                credentialsRefused.run();
            }
            if (downSince.putIfAbsent(node, System.nanoTime()) == null) {
                LOG.warn("Redis cluster node {} unreachable{}: commands for its slots fail as not sent until it is back or the cluster "
                        + "fails it over (the topology refresh then moves them){}", node, why == null ? "" : " (" + why.code() + ": "
                        + why.message() + ")", credentials ? "; the credentials are re-read from the configuration sources" : "");
            }
        } else if (event instanceof ConnectionActivatedEvent) {
            Long since = downSince.remove(node);
            if (since != null) {
                LOG.info("Redis cluster node {} reachable again after {} ms", node, (System.nanoTime() - since) / 1_000_000);
            }
        }
    }

    /** Whether some node that was reached before is in an outage now. */
    boolean anyDown() {
        return !downSince.isEmpty();
    }

    void close() {
        closed = true;
    }

    static String address(SocketAddress address) {
        if (address instanceof java.net.InetSocketAddress a) {
            return a.getHostString() + ":" + a.getPort();
        }
        return String.valueOf(address);
    }
}
