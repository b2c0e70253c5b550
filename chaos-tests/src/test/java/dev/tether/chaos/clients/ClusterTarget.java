package dev.tether.chaos.clients;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a cluster or Sentinel client connects: the seeds ({@code host:port} of every cluster node, or of every sentinel),
 * the Sentinel master name ({@code null} for a cluster), the CA to trust over TLS ({@code null} for plaintext), and the
 * configuration endpoint's name the seed is given as, resolved through the client's own hook ({@code null}: the seeds
 * are IP literals). The nodes run without a password (testkit's cluster and Sentinel set).
 */
public record ClusterTarget(List<String> seeds, String sentinelMaster, Path caFile, EndpointName endpoint) {
    public ClusterTarget {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds: at least one host:port");
        }
    }

    public ClusterTarget(List<String> seeds, String sentinelMaster, Path caFile) {
        this(seeds, sentinelMaster, caFile, null);
    }

    /** A cluster reached through one configuration endpoint, {@code endpoint}'s name on {@code port}. */
    public static ClusterTarget behindName(EndpointName endpoint, int port, Path caFile) {
        return new ClusterTarget(List.of(endpoint.name() + ":" + port), null, caFile, Objects.requireNonNull(endpoint, "endpoint"));
    }

    public static ClusterTarget cluster(List<String> seeds, Path caFile) {
        return new ClusterTarget(seeds, null, caFile);
    }

    public static ClusterTarget sentinel(List<String> sentinels, String master, Path caFile) {
        return new ClusterTarget(sentinels, Objects.requireNonNull(master, "master"), caFile);
    }

    public boolean isSentinel() {
        return sentinelMaster != null;
    }

    public boolean tls() {
        return caFile != null;
    }

    static String host(String seed) {
        return seed.substring(0, seed.lastIndexOf(':'));
    }

    static int port(String seed) {
        return Integer.parseInt(seed.substring(seed.lastIndexOf(':') + 1));
    }
}
