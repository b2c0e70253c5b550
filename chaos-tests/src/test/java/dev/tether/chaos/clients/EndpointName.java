package dev.tether.chaos.clients;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import redis.clients.jedis.HostAndPort;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * A configuration endpoint's DNS name that a test re-points, as a managed provider does when the nodes behind it are
 * replaced. Every client of a run resolves it through its own name-resolution hook, answered from this record on every
 * lookup (a TTL of 0, no cache): Lettuce (and tether, which connects through Lettuce) and Redisson through a Netty
 * {@link AddressResolverGroup} ({@link #nettyResolver()}: both resolve with Netty's own DNS client by default, which reads
 * {@code /etc/hosts} and the nameservers and never the JVM's resolver, so {@code -Djdk.net.hosts.file} would not reach
 * them), Jedis through its {@code HostAndPortMapper} ({@link #map}: Jedis resolves with the JVM at each connect). Any
 * other host resolves through the JVM. Thread-safe.
 */
public final class EndpointName {
    private final String name;
    private volatile InetAddress pointsTo;

    /** {@code name} resolving to {@code address} (an IP literal). */
    public EndpointName(String name, String address) {
        this.name = name;
        pointTo(address);
    }

    public String name() {
        return name;
    }

    /** From now on the name resolves to {@code address} (an IP literal). */
    public void pointTo(String address) {
        try {
            this.pointsTo = InetAddress.getByAddress(name, InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address: an IP literal, was " + address, e);
        }
    }

    /** The address the name resolves to now. */
    public String address() {
        return pointsTo.getHostAddress();
    }

    InetAddress[] lookup(String host) throws UnknownHostException {
        return host.equalsIgnoreCase(name) ? new InetAddress[]{pointsTo} : InetAddress.getAllByName(host);
    }

    /** For Jedis: the name mapped to its current address at each connect, any other host unchanged. */
    HostAndPort map(HostAndPort hostAndPort) {
        return hostAndPort.getHost().equalsIgnoreCase(name) ? new HostAndPort(address(), hostAndPort.getPort()) : hostAndPort;
    }

    /** For Netty-based clients (Lettuce, tether, Redisson): resolvers that answer the name from this record. */
    public AddressResolverGroup<InetSocketAddress> nettyResolver() {
        return new AddressResolverGroup<>() {
            @Override
            protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
                return new InetNameResolver(executor) {
                    @Override
                    protected void doResolve(String host, Promise<InetAddress> promise) {
                        try {
                            promise.setSuccess(lookup(host)[0]);
                        } catch (UnknownHostException e) {
                            promise.setFailure(e);
                        }
                    }

                    @Override
                    protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
                        try {
                            promise.setSuccess(Arrays.asList(lookup(host)));
                        } catch (UnknownHostException e) {
                            promise.setFailure(e);
                        }
                    }
                }.asAddressResolver();
            }
        };
    }

    @Override
    public String toString() {
        return name + " -> " + address();
    }
}
