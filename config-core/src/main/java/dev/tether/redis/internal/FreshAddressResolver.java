package dev.tether.redis.internal;

import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.DirContextDnsResolver;
import io.lettuce.core.resource.DnsResolver;
import io.lettuce.core.resource.SocketAddressResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Where a connect goes. Normally the host name is left to Netty (the JVM's resolver, with its
 * cache: {@code networkaddress.cache.ttl}, 30 s by default). After a topology signal
 * ({@link #refresh(String)}) the next lookup of that name asks DNS directly (JNDI, no JVM cache),
 * falling back to the JVM's resolver for names DNS does not know (hosts file), so a name re-pointed
 * by a failover is followed at once. Thread-safe.
 */
final class FreshAddressResolver extends SocketAddressResolver {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.redis");

    private final UnaryOperator<InetSocketAddress> mapping;
    private final Set<String> stale = ConcurrentHashMap.newKeySet();
    private volatile DnsResolver direct;

    /** @param mapping rewrites each unresolved address before the lookup (a seam for tests); identity in production */
    FreshAddressResolver(UnaryOperator<InetSocketAddress> mapping) {
        this.mapping = mapping;
    }

    /** The next connect to {@code host} looks it up afresh. */
    void refresh(String host) {
        stale.add(host);
    }

    @Override
    public SocketAddress resolve(RedisURI uri) {
        if (uri.getSocket() != null) {
            return super.resolve(uri);
        }
        InetSocketAddress target = mapping.apply(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
        String host = target.getHostString();
        if (!target.isUnresolved() || !stale.remove(host)) {
            return target;
        }
        try {
            InetAddress[] found = directDns().resolve(host);
            if (found.length > 0) {
                LOG.debug("fresh DNS lookup of {}: {}", host, found[0].getHostAddress());
                return new InetSocketAddress(found[0], target.getPort());
            }
        } catch (UnknownHostException | RuntimeException e) {
            LOG.debug("fresh DNS lookup of {} failed ({}); using the JVM resolver", host, e.toString());
        }
        return target;
    }

    private DnsResolver directDns() {
        DnsResolver d = direct;
        if (d == null) {
            d = new DirContextDnsResolver();
            direct = d;
        }
        return d;
    }
}
