package dev.tether.chaos.service;

import dev.tether.redis.SharedRedis;
import dev.tether.testkit.RedisServer;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A DNS name the test can re-point, as a managed provider does in a failover. tether is given the
 * name; every connect looks it up through {@code SharedRedis.Builder.addressMapping}, the seam that
 * {@code FailoverBehindANameTest} uses (the JVM's DNS cannot be steered from a test, and tether's
 * fresh lookup after a topology signal goes through the same seam). That seam is package-private in
 * {@code dev.tether.redis}, so it is reached here by reflection rather than by a class put into
 * tether's package. Thread-safe.
 */
final class SwitchableName {
    private final String name;
    private final AtomicReference<RedisServer> pointsTo;

    SwitchableName(String name, RedisServer initial) {
        this.name = name;
        this.pointsTo = new AtomicReference<>(initial);
    }

    String name() {
        return name;
    }

    /** The name now resolves to {@code server}. */
    void pointTo(RedisServer server) {
        pointsTo.set(server);
    }

    /** {@code builder} resolving this name through the test's record instead of DNS. */
    SharedRedis.Builder resolvedBy(SharedRedis.Builder builder) {
        UnaryOperator<InetSocketAddress> mapping = address -> address.getHostString().equals(name)
                ? InetSocketAddress.createUnresolved(pointsTo.get().host(), pointsTo.get().port()) : address;
        try {
            Method seam = SharedRedis.Builder.class.getDeclaredMethod("addressMapping", UnaryOperator.class);
            seam.setAccessible(true);
            return (SharedRedis.Builder) seam.invoke(builder, mapping);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("SharedRedis.Builder.addressMapping(UnaryOperator) is gone: the DNS failover scenario needs "
                    + "a way to re-point a name", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
