package dev.tether.testkit.toxiproxy.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Host} header values the API answers, against DNS rebinding (the hole open upstream as
 * Shopify/toxiproxy#219): a web page whose own host name resolves to 127.0.0.1 could otherwise drive the API
 * from a browser and open a proxy to any local port. A browser always sends the page's host name, so:
 * loopback names ({@code localhost}, {@code 127.x.x.x}, {@code [::1]}) are always accepted; the host the API
 * was started on is accepted too; and when it was started on a wildcard address ({@code 0.0.0.0},
 * {@code ::}), any IP literal is (no rebinding without a name). A request without {@code Host}
 * (HTTP/1.0 tools) is accepted. Immutable and thread-safe.
 */
public final class AllowedHosts {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final String serverHost;
    private final boolean anyIpLiteral;

    private AllowedHosts(String serverHost, boolean anyIpLiteral) {
        this.serverHost = serverHost;
        this.anyIpLiteral = anyIpLiteral;
    }

    /** The rule for an API started on {@code apiHost}. */
    public static AllowedHosts forServerHost(String apiHost) {
        String host = unbracket(apiHost.trim()).toLowerCase(Locale.ROOT);
        InetAddress literal = literal(host);
        return new AllowedHosts(host, host.isEmpty() || (literal != null && literal.isAnyLocalAddress()));
    }

    /** Whether the API was started on a loopback address, i.e. without asking to be reached from outside. */
    public boolean loopbackOnly() {
        InetAddress literal = literal(serverHost);
        return serverHost.equals("localhost") || (literal != null && literal.isLoopbackAddress());
    }

    /** Whether a request carrying this {@code Host} header (null when absent) is answered. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return true;
        }
        String host = unbracket(withoutPort(hostHeader.trim())).toLowerCase(Locale.ROOT);
        if (host.equals("localhost") || host.equals(serverHost)) {
            return true;
        }
        InetAddress literal = literal(host);
        return literal != null && (literal.isLoopbackAddress() || anyIpLiteral);
    }

    private static String withoutPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(0, close + 1);
        }
        int colon = hostPort.indexOf(':');
        return colon >= 0 && colon == hostPort.lastIndexOf(':') ? hostPort.substring(0, colon) : hostPort;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The address of an IP literal, never a DNS lookup; null for a name. */
    private static InetAddress literal(String host) {
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
