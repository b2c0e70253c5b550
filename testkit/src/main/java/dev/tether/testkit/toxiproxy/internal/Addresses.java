package dev.tether.testkit.toxiproxy.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses and prints {@code host:port} addresses the way Go's net package does. */
final class Addresses {

    private Addresses() {
    }

    /** Parses {@code host:port}; an empty host means every interface. Prefers IPv4, as Go does. */
    static InetSocketAddress resolve(String hostPort) throws UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address " + hostPort + ": missing port in address");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String portText = hostPort.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            // Go looks a non-numeric port up as a service name; none of ours resolve
            throw new IllegalArgumentException("address tcp/" + portText + ": unknown port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("address " + portText + ": invalid port"); // Go names the port only
        }
        if (host.isEmpty()) {
            return new InetSocketAddress(port);
        }
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("lookup " + host + ": no such host");
        }
        for (InetAddress candidate : candidates) {
            if (candidate instanceof Inet4Address) {
                return new InetSocketAddress(candidate, port);
            }
        }
        return new InetSocketAddress(candidates[0], port);
    }

    /** Prints a bound address as Go does: {@code 127.0.0.1:43785}, {@code [::1]:43785}, {@code [::]:43785}. */
    static String format(InetAddress address, int port) {
        if (address == null || address.isAnyLocalAddress()) {
            return "[::]:" + port;
        }
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = host.indexOf('%');
            return "[" + (scope >= 0 ? host.substring(0, scope) : host) + "]:" + port;
        }
        return host + ":" + port;
    }

    /** The listen address with its host resolved, e.g. {@code localhost:0} to {@code 127.0.0.1:0}. */
    static String normalize(String listen) {
        try {
            InetSocketAddress address = resolve(listen);
            return format(address.getAddress(), address.getPort());
        } catch (UnknownHostException | IllegalArgumentException e) {
            return listen;
        }
    }
}
