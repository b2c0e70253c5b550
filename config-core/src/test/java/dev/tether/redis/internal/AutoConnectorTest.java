package dev.tether.redis.internal;

import dev.tether.testkit.RedisServer;
import dev.tether.testkit.cluster.RedisCluster;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code REDIS_MODE=auto} on one address, against real servers: a cluster node is recognised from
 * the RESP3 handshake's {@code mode} without another round trip, and from {@code INFO cluster}
 * when the handshake was RESP2; a standalone server keeps its connection either way.
 */
class AutoConnectorTest {
    private static final Pattern INFO_CALLS = Pattern.compile("cmdstat_info:calls=(\\d+)");

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RedisServer server(boolean clusterNode) {
        if (clusterNode) {
            RedisCluster cluster = RedisCluster.builder().primaries(1).replicasPerPrimary(0).start();
            toClose.add(cluster);
            return cluster.nodes().get(0).server();
        }
        RedisServer s = RedisServer.plain().start();
        toClose.add(s);
        return s;
    }

    /** An AutoConnector whose single-server side speaks {@code protocol}; choosing the cluster client is counted, not done. */
    private AutoConnector auto(RedisServer server, ProtocolVersion protocol, AtomicInteger clusterChosen) {
        RedisClient client = RedisClient.create(RedisURI.create(server.uri()));
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        toClose.add(client::shutdown);
        Connector single = new Connector() {
            @Override
            public CompletableFuture<StatefulConnection<String, String>> connect() {
                return client.connectAsync(StringCodec.UTF8, RedisURI.create(server.uri())).toCompletableFuture()
                        .thenApply(c -> (StatefulConnection<String, String>) c);
            }

            @Override
            public String describe() {
                return server.host() + ":" + server.port();
            }
        };
        return new AutoConnector(single, () -> {
            clusterChosen.incrementAndGet();
            throw new IllegalStateException("the cluster client was chosen");
        }, Duration.ofSeconds(5));
    }

    private static long infoCalls(RedisServer server) {
        Matcher m = INFO_CALLS.matcher(server.command("INFO", "commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aClusterNodeIsRecognisedFromTheResp3HandshakeWithoutAskingInfo() {
        RedisServer node = server(true);
        AtomicInteger clusterChosen = new AtomicInteger();
        long before = infoCalls(node);

        CompletableFuture<StatefulConnection<String, String>> connected = auto(node, ProtocolVersion.RESP3, clusterChosen).connect();

        assertThatThrownBy(() -> connected.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the cluster client was chosen");
        assertThat(clusterChosen).hasValue(1);
        assertThat(infoCalls(node) - before).as("INFO calls besides this test's own").isEqualTo(1);
    }

    @Test
    void aClusterNodeIsRecognisedFromInfoClusterWhenTheHandshakeWasResp2() {
        RedisServer node = server(true);
        AtomicInteger clusterChosen = new AtomicInteger();
        long before = infoCalls(node);

        CompletableFuture<StatefulConnection<String, String>> connected = auto(node, ProtocolVersion.RESP2, clusterChosen).connect();

        assertThatThrownBy(() -> connected.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the cluster client was chosen");
        assertThat(clusterChosen).hasValue(1);
        assertThat(infoCalls(node) - before).as("INFO calls besides this test's own").isEqualTo(2);
    }

    @Test
    void aStandaloneServerKeepsTheSingleConnectionOnEitherProtocol() {
        RedisServer standalone = server(false);
        for (ProtocolVersion protocol : List.of(ProtocolVersion.RESP3, ProtocolVersion.RESP2)) {
            AtomicInteger clusterChosen = new AtomicInteger();
            StatefulConnection<String, String> connection = auto(standalone, protocol, clusterChosen).connect().join();
            toClose.add(connection::close);
            assertThat(clusterChosen).as(protocol.name()).hasValue(0);
            assertThat(((StatefulRedisConnection<String, String>) connection).sync().ping()).isEqualTo("PONG");
        }
    }

    @Test
    void aConnectThatFailsIsNotMistakenForEitherMode() {
        RedisServer gone = server(false);
        AtomicInteger clusterChosen = new AtomicInteger();
        AutoConnector connector = auto(gone, ProtocolVersion.RESP3, clusterChosen);
        gone.stop();
        assertThatThrownBy(() -> connector.connect().join()).isInstanceOf(CompletionException.class);
        assertThat(clusterChosen).hasValue(0);
    }
}
