package dev.tether.redis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.config.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
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
        RedisNode first = settings.nodes().get(0);
        RedisURI base = LettuceSetup.uri(settings, first.host(), first.port(), credentials::current);
        RedisURI.Builder b = RedisURI.builder().withSentinelMasterId(settings.sentinelMasterId().orElseThrow())
                .withDatabase(settings.database()).withTimeout(settings.commandTimeout());
        char[] sentinelPassword = settings.sentinelPassword().isEmpty() ? null : settings.sentinelPassword().reveal().toCharArray();
        for (RedisNode n : settings.nodes()) {
            if (sentinelPassword != null) {
                b.withSentinel(n.host(), n.port(), new String(sentinelPassword));
            } else {
                b.withSentinel(n.host(), n.port());
            }
        }
        if (settings.tls()) {
            b.withSsl(true).withVerifyPeer(base.getVerifyMode() == null ? SslVerifyMode.FULL : base.getVerifyMode());
        }
        settings.clientName().ifPresent(b::withClientName);
        RedisURI uri = b.build();
        uri.setCredentialsProvider(base.getCredentialsProvider());
        RedisClient watch = RedisClient.create(resources);
        watch.setOptions(LettuceSetup.clientOptions(settings).mutate().autoReconnect(true).build());
        return new SentinelConnector(client, watch, uri, (host, port) -> LettuceSetup.uri(settings, host, port, credentials::current));
    }
}
