package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.config.Secret;

import java.util.List;
import java.util.Objects;

/**
 * What kind of deployment the settings point at and its addresses: one server, a cluster's seeds,
 * or a Sentinel set with its master name.
 *
 * @param mode             how to connect; {@link Mode#AUTO} asks the server at connect
 * @param nodes            one server's address, the cluster's seeds, or the sentinels
 * @param sentinelMasterId the master name the sentinels monitor ({@link Mode#SENTINEL} only)
 * @param sentinelPassword the sentinels' own password, or {@code null} when they have none
 * @param readFrom         Lettuce's {@code ReadFrom} name for a cluster ({@code upstream}, {@code replicaPreferred}...)
 */
public record RedisTopology(Mode mode, List<Node> nodes, String sentinelMasterId, Secret sentinelPassword, String readFrom) {

    /** How to connect. */
    public enum Mode { AUTO, STANDALONE, CLUSTER, SENTINEL }

    /** One address. */
    public record Node(String host, int port) {
        public Node {
            Objects.requireNonNull(host, "host");
        }
    }

    public RedisTopology {
        Objects.requireNonNull(mode, "mode");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes: at least one address");
        }
        if (mode == Mode.SENTINEL && (sentinelMasterId == null || sentinelMasterId.isBlank())) {
            throw new IllegalArgumentException("sentinelMasterId: required in sentinel mode");
        }
    }

    /** {@code mode} against the one address of {@code settings}. */
    public static RedisTopology of(RedisSettings settings, Mode mode) {
        return new RedisTopology(mode, List.of(new Node(settings.host(), settings.port())), null, null, "upstream");
    }
}
