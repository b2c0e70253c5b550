package dev.tether.redis.internal;

import dev.tether.config.Redactor;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.internal.FailureClassifier;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node addresses a cluster's topology announces that tether could never connect to: a node
 * behind NAT or in a container announcing its inside address, a wrong {@code cluster-announce-ip}
 * or {@code -port}. Each such address is logged ONCE at WARN with the fix
 * ({@link DiagnosisCode#NODE_ADDRESS_UNREACHABLE}), and a command refused for that node's slots is
 * told the same cause ({@link #diagnose(Throwable)}). An address tether has connected to before
 * is a node that went down, not an unroutable announcement: {@link ClusterNodeOutages} reports
 * that. Thread-safe.
 */
final class AnnouncedAddresses {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final boolean tls;
    /** Where the topology was read from, for the log ("the seeds ..."). */
    private final String seeds;
    private final Set<String> everConnected = ConcurrentHashMap.newKeySet();
    private final Map<String, Diagnosis> unreachable = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    AnnouncedAddresses(boolean tls, String seeds) {
        this.tls = tls;
        this.seeds = seeds;
    }

    /** A connection to {@code address} ({@code host:port}) became active. */
    void connected(String address) {
        everConnected.add(address);
        unreachable.remove(address);
    }

    /** Connecting to an announced {@code node} failed with {@code error}. */
    void connectFailed(RedisClusterNode node, Throwable error) {
        String address = node.getUri().getHost() + ":" + node.getUri().getPort();
        if (everConnected.contains(address)) {
            return;
        }
        Diagnosis cause = FailureClassifier.classify(CommandFailures.unwrap(error), tls);
        if (!unreachableCause(cause.code())) {
            return;
        }
        Diagnosis d = new Diagnosis(DiagnosisCode.NODE_ADDRESS_UNREACHABLE, "the cluster announces node " + node.getNodeId() + " ("
                + role(node) + ") at " + address + ", which cannot be reached from here (" + cause.code() + ": " + cause.message() + ")",
                DiagnosisCode.NODE_ADDRESS_UNREACHABLE.hint() + "; on a managed service connect through the provider's configuration "
                        + "endpoint, which announces routable addresses");
        unreachable.put(address, d);
        if (warned.add(address)) {
            LOG.warn("Redis cluster topology (CLUSTER NODES, read from {}) announces node address {} that tether cannot connect to: {}: {}. "
                    + "Hint: {}. Commands for its slots are refused as not sent", Redactor.redact(seeds), address, d.code(), d.message(), d.hint());
        }
    }

    /** The cause when {@code error} is a failure to reach an announced address tether could never connect to, else {@code null}. */
    Diagnosis diagnose(Throwable error) {
        if (unreachable.isEmpty() || error == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (Throwable c = error; c != null && text.length() < 4000; c = c.getCause() == c ? null : c.getCause()) {
            text.append(c.getMessage()).append('\n');
        }
        String all = text.toString();
        for (Map.Entry<String, Diagnosis> e : unreachable.entrySet()) {
            int colon = e.getKey().lastIndexOf(':');
            // Lettuce names the node as "[host/<unresolved>:port]" or "host:port"
            if (all.contains(e.getKey()) || all.contains(e.getKey().substring(0, colon) + "/") && all.contains(e.getKey().substring(colon) + "]")) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Some address is known unreachable: the only diagnosis when a refusal does not name its node. */
    Diagnosis any() {
        return unreachable.values().stream().findFirst().orElse(null);
    }

    private static boolean unreachableCause(DiagnosisCode code) {
        return switch (code) {
            case TCP_REFUSED, TCP_TIMEOUT, DNS_UNRESOLVABLE, SERVER_UNRESPONSIVE -> true;
            default -> false;
        };
    }

    private static String role(RedisClusterNode node) {
        if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
            return "primary of " + node.getSlots().size() + " slots";
        }
        return "replica";
    }
}
