package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.config.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;

import java.util.List;

/** Chooses the {@link Connector} for the settings' {@link RedisMode}: the one place that knows every mode. */
public final class Connectors {
    private Connectors() {
    }

    /**
     * @param client      tether's standalone client (its options: no auto-reconnect, reject while disconnected)
     * @param credentials what every connection (every cluster node, the Sentinel primary) authenticates with, read at each connect
     */
    public static Connector create(RedisSettings settings, ClientResources resources, RedisClient client, CredentialRotation credentials) {
        RedisNode first = settings.nodes().get(0);
        return switch (settings.mode()) {
            case STANDALONE -> single(settings, client, credentials, first);
            case CLUSTER -> cluster(settings, resources, credentials);
            case SENTINEL -> sentinel(settings, resources, client, credentials);
            case AUTO -> settings.nodes().size() > 1 ? cluster(settings, resources, credentials)
                    : new AutoConnector(single(settings, client, credentials, first), () -> cluster(settings, resources, credentials),
                    settings.connectTimeout());
        };
    }

    private static StandaloneConnector single(RedisSettings settings, RedisClient client, CredentialRotation credentials, RedisNode node) {
        return new StandaloneConnector(client, LettuceSetup.uri(settings, node.host(), node.port(), credentials::current),
                node.host() + ":" + node.port());
    }

    private static ClusterConnector cluster(RedisSettings settings, ClientResources resources, CredentialRotation credentials) {
        List<RedisURI> seeds = settings.nodes().stream()
                .map(n -> LettuceSetup.uri(settings, n.host(), n.port(), credentials::current)).toList();
        return new ClusterConnector(resources, seeds, LettuceSetup.clientOptions(settings), ReadFroms.of(settings.readFrom()), credentials);
    }

    private static SentinelConnector sentinel(RedisSettings settings, ClientResources resources, RedisClient client,
                                              CredentialRotation credentials) {
        RedisURI uri = LettuceSetup.sentinelUri(settings, credentials::current);
        RedisClient watch = RedisClient.create(resources);
        watch.setOptions(LettuceSetup.clientOptions(settings).mutate().autoReconnect(true).build());
        return new SentinelConnector(client, watch, uri, (host, port) -> LettuceSetup.uri(settings, host, port, credentials::current));
    }
}
