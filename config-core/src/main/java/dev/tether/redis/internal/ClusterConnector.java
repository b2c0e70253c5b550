package dev.tether.redis.internal;

import dev.tether.diagnosis.Diagnosis;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ConnectionIntent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Redis Cluster through Lettuce's {@link RedisClusterClient}, with the options that make a
 * failover heal without waiting for the failed primary to come back (each one checked against
 * Lettuce 7.7's sources; {@code docs/cluster.md} says why):
 * <ul>
 * <li>topology refresh: periodic ({@link #PERIODIC_REFRESH}) AND every adaptive trigger
 *     ({@code MOVED}/{@code ASK} redirects, persistent reconnects to a node, an uncovered slot, an
 *     unknown node), at most one adaptive refresh per {@link #ADAPTIVE_REFRESH_LIMIT}; Lettuce 7's
 *     default of 30 s would let the first refresh, made before the cluster promoted the replica,
 *     block the one that would see the promotion;</li>
 * <li>{@code dynamicRefreshSources}: every known node is asked, not just the seeds, so a dead seed
 *     does not hide the new topology; {@code closeStaleConnections}: connections to nodes that left
 *     are closed;</li>
 * <li>per node: Lettuce's own reconnect, with {@code REJECT_COMMANDS} while disconnected and a
 *     replay filter that drops every command: a command written before a node's connection broke
 *     fails ("outcome unknown"), one issued while it is down fails at once ("not sent"), and none
 *     is ever written again by a reconnect;</li>
 * <li>{@code validateClusterNodeMembership} off (Lettuce 7's default): a {@code MOVED} to a node
 *     promoted or added since the last refresh is followed at once instead of refused.</li>
 * </ul>
 * tether adds what Lettuce has no trigger for: {@code READONLY}/{@code CLUSTERDOWN} replies and
 * commands refused because their node is down ask for a refresh (rate-limited); a node that refuses
 * a reconnect's credentials has them re-read ({@link CredentialRotation}), since Lettuce reconnects
 * nodes by itself and tether's supervisor never sees that failure. Thread-safe.
 */
final class ClusterConnector implements Connector {
    static final Duration PERIODIC_REFRESH = Duration.ofSeconds(15);
    static final Duration ADAPTIVE_REFRESH_LIMIT = Duration.ofMillis(500);

    private final RedisClusterClient client;
    private final ReadFrom readFrom;
    private final String described;
    private volatile boolean topologyLoaded;
    private volatile boolean closed;
    private final ClusterNodeOutages outages;
    private final AnnouncedAddresses announced;
    private final List<StatefulRedisClusterConnection<String, String>> open = new CopyOnWriteArrayList<>();
    private final reactor.core.Disposable subscription;
    private final AtomicLong lastRefreshNanos = new AtomicLong(System.nanoTime() - ADAPTIVE_REFRESH_LIMIT.toNanos());

    /**
     * @param credentials what every node authenticates with; re-read when a node refuses a reconnect's credentials
     */
    ClusterConnector(ClientResources resources, List<RedisURI> seeds, ClientOptions base, ReadFrom readFrom, CredentialRotation credentials) {
        this.outages = new ClusterNodeOutages(seeds.get(0).isSsl(), credentials::refused);
        this.described = String.join(",", seeds.stream().map(u -> u.getHost() + ":" + u.getPort()).toList()) + " (cluster)";
        this.announced = new AnnouncedAddresses(seeds.get(0).isSsl(), described);
        this.client = RedisClusterClient.create(resources, seeds);
        this.client.setOptions(options(base));
        this.readFrom = readFrom;
        this.subscription = resources.eventBus().get().subscribe(e -> {
            if (e instanceof ClusterTopologyChangedEvent) {
                topologyRefreshed();
            } else {
                if (e instanceof ConnectionActivatedEvent a) {
                    announced.connected(ClusterNodeOutages.address(a.remoteAddress()));
                }
                outages.on(e);
            }
        });
    }

    static ClusterClientOptions options(ClientOptions base) {
        ClusterTopologyRefreshOptions refresh = ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(PERIODIC_REFRESH)
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_LIMIT)
                .refreshTriggersReconnectAttempts(2)
                .dynamicRefreshSources(true)
                .closeStaleConnections(true)
                .build();
        ClusterClientOptions.Builder b = ClusterClientOptions.builder(base);
        b.autoReconnect(true);
        b.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        b.replayFilter(command -> true);
        b.topologyRefreshOptions(refresh);
        b.validateClusterNodeMembership(false);
        return b.build();
    }

    RedisClusterClient client() {
        return client;
    }

    @Override
    public CompletableFuture<StatefulConnection<String, String>> connect() {
        try {
            // Lettuce 7 connects only once the slot map is loaded; the first connect loads it.
            CompletableFuture<Void> topology = topologyLoaded ? CompletableFuture.completedFuture(null)
                    : client.refreshPartitionsAsync().toCompletableFuture().thenRun(() -> topologyLoaded = true);
            return topology.thenCompose(loaded -> client.connectAsync(StringCodec.UTF8)).thenCompose(c -> {
                c.setReadFrom(readFrom);
                open.add(c);
                return warm(c).thenApply(warmed -> (StatefulConnection<String, String>) c);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Opens the connection to every node now, replicas included. Lettuce opens a node's connection
     * on its first command, and with {@code REJECT_COMMANDS} that first command is refused while
     * the connection is pending; warm, a replica promoted by a failover already has one, so writes
     * follow the failover at once. A node that cannot be reached now is skipped (Lettuce retries it
     * on use); when tether never reached its address, the address is reported as unroutable
     * ({@link AnnouncedAddresses}).
     */
    private CompletableFuture<Void> warm(StatefulRedisClusterConnection<String, String> c) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (RedisClusterNode node : client.getPartitions()) {
            RedisURI uri = node.getUri();
            if (uri == null || node.is(RedisClusterNode.NodeFlag.FAIL) || node.is(RedisClusterNode.NodeFlag.NOADDR)) {
                continue;
            }
            all.add(c.getConnectionAsync(uri.getHost(), uri.getPort(), ConnectionIntent.WRITE).handle((conn, error) -> {
                if (error != null && !closed) {
                    announced.connectFailed(node, error);
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Called for Lettuce's {@code ClusterTopologyChangedEvent}: nodes new to the topology get their connections now. */
    private void topologyRefreshed() {
        open.removeIf(c -> closed || !c.isOpen());
        for (StatefulRedisClusterConnection<String, String> c : open) {
            warm(c);
        }
    }

    @Override
    public void topologyChanged() {
        long now = System.nanoTime();
        long last = lastRefreshNanos.get();
        if (now - last >= ADAPTIVE_REFRESH_LIMIT.toNanos() && lastRefreshNanos.compareAndSet(last, now)) {
            client.refreshPartitionsAsync();
        }
    }

    /** {@code NODE_ADDRESS_UNREACHABLE} when {@code error} is a failure to reach an announced address tether never reached. */
    @Override
    public Diagnosis diagnose(Throwable error) {
        Diagnosis named = announced.diagnose(error);
        // Lettuce's refusal for a node whose connection is pending names no node: when every node tether ever
        // reached is up, the refused command was for an unroutable one
        return named != null || !NeverWritten.test(error) || outages.anyDown() ? named : announced.any();
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public void close() {
        closed = true;
        outages.close();
        subscription.dispose();
        open.clear();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
