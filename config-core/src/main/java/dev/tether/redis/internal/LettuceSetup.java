package dev.tether.redis.internal;

import dev.tether.config.RedisNode;
import dev.tether.config.RedisSettings;
import dev.tether.config.TlsMaterial;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.netty.channel.epoll.Epoll;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** Builds Lettuce's resources, options and URI from validated settings and the provider preset. */
public final class LettuceSetup {
    private LettuceSetup() {
    }

    /** Whether Netty's native epoll transport is usable here (keepalive tuning and TCP_USER_TIMEOUT). */
    public static boolean nativeTransport() {
        try {
            return Epoll.isAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** One event loop pair is plenty for one shared connection and a few dedicated ones. */
    public static ClientResources resources() {
        return resources(UnaryOperator.identity());
    }

    /**
     * Resources whose address lookups a topology signal can make fresh (see {@link FreshAddressResolver});
     * {@code mapping} rewrites each address before the lookup (identity in production, a seam for tests).
     */
    public static ClientResources resources(UnaryOperator<InetSocketAddress> mapping) {
        return resources(mapping, b -> {
        });
    }

    /**
     * {@link #resources(UnaryOperator)} with the application's {@code customizer} applied first (command
     * latency, tracing, ...); the address resolver and the reconnect delay stay tether's.
     */
    public static ClientResources resources(UnaryOperator<InetSocketAddress> mapping, Consumer<ClientResources.Builder> customizer) {
        ClientResources.Builder b = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2);
        customizer.accept(b);
        // Only connections with Lettuce's own reconnect use this: a cluster's node connections and the
        // self-healing pub/sub ones. Capped at 1 s so a dead node's persistent-reconnect trigger keeps
        // asking for a topology refresh until the cluster has promoted its replica.
        b.reconnectDelay(io.lettuce.core.resource.Delay.equalJitter(java.time.Duration.ofMillis(10), java.time.Duration.ofSeconds(1), 2,
                java.util.concurrent.TimeUnit.MILLISECONDS));
        return b.socketAddressResolver(new FreshAddressResolver(mapping == null ? UnaryOperator.identity() : mapping)).build();
    }

    /** Makes the next connect to {@code host} through these resources look the name up afresh. */
    static void refreshAddress(ClientResources resources, String host) {
        if (resources.socketAddressResolver() instanceof FreshAddressResolver fresh) {
            fresh.refresh(host);
        }
    }

    /**
     * Client options for tether-managed connections: Lettuce's own reconnect is off (tether replaces
     * connections itself, so nothing is ever replayed), commands are rejected while disconnected,
     * and Lettuce's command timeouts are off (tether times out without cancelling, so the stall
     * watchdog still sees unanswered commands).
     */
    public static ClientOptions clientOptions(RedisSettings settings) {
        ProviderPreset preset = ProviderPreset.of(settings.provider());
        SocketOptions.Builder socket = SocketOptions.builder()
                .connectTimeout(settings.connectTimeout())
                .tcpNoDelay(true)
                .keepAlive(SocketOptions.KeepAliveOptions.builder().enable()
                        .idle(preset.keepAliveIdle()).interval(preset.keepAliveInterval()).count(preset.keepAliveCount()).build());
        if (nativeTransport()) {
            socket.tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder().enable().tcpUserTimeout(preset.tcpUserTimeout()).build());
        }
        ClientOptions.Builder options = ClientOptions.builder()
                .autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket.build())
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build());
        if (settings.tls()) {
            options.sslOptions(sslOptions(settings));
        }
        return options.build();
    }

    /** Options for dedicated (blocking) connections: same transport, no command timeout. */
    public static ClientOptions dedicatedOptions(RedisSettings settings) {
        return clientOptions(settings).mutate().build();
    }

    /** The URI: host, port, database, TLS and verification; credentials come from {@code credentials}. */
    public static RedisURI uri(RedisSettings settings, Supplier<RedisCredentials> credentials) {
        return uri(settings, settings.host(), settings.port(), credentials);
    }

    /**
     * The {@code redis-sentinel} URI of a Sentinel deployment: every sentinel (with the sentinels' own
     * password), the master's name, and the data servers' database, TLS and {@code credentials}.
     * Lettuce asks the sentinels for the master at every connect and reconnect made with it.
     */
    static RedisURI sentinelUri(RedisSettings settings, Supplier<RedisCredentials> credentials) {
        RedisNode first = settings.nodes().get(0);
        RedisURI base = uri(settings, first.host(), first.port(), credentials);
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
        return uri;
    }

    /** {@link #uri(RedisSettings, Supplier)} for another node of the same deployment (a cluster seed). */
    static RedisURI uri(RedisSettings settings, String host, int port, Supplier<RedisCredentials> credentials) {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port)
                .withDatabase(settings.database()).withTimeout(settings.commandTimeout());
        if (settings.tls()) {
            b.withSsl(true).withVerifyPeer(switch (settings.tlsVerify()) {
                case FULL -> SslVerifyMode.FULL;
                case CA -> SslVerifyMode.CA;
                case NONE -> SslVerifyMode.NONE;
            });
        }
        settings.clientName().ifPresent(b::withClientName);
        RedisURI uri = b.build();
        uri.setCredentialsProvider((RedisCredentialsProvider.ImmediateRedisCredentialsProvider) credentials::get);
        return uri;
    }

    /** Credentials from settings: {@code null} user means {@code default}; no password means none. */
    public static RedisCredentials credentials(RedisSettings settings) {
        String user = settings.username().orElse(null);
        char[] password = settings.password().isEmpty() ? null : settings.password().reveal().toCharArray();
        return RedisCredentials.just(user, password);
    }

    /** Trust and client key from {@link TlsMaterial}, the same the doctor uses. */
    private static SslOptions sslOptions(RedisSettings settings) {
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider().handshakeTimeout(settings.connectTimeout());
        TlsMaterial material = TlsMaterial.of(settings);
        material.trustManagerFactory().ifPresent(ssl::trustManager);
        material.keyManagerFactory().ifPresent(ssl::keyManager);
        return ssl.build();
    }
}
