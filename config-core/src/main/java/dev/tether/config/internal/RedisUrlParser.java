package dev.tether.config.internal;

import dev.tether.config.Problem;
import dev.tether.config.ProblemCode;
import dev.tether.config.Provider;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parses {@code redis://} and {@code rediss://} URLs leniently enough to report every problem, and
 * never echoes a part that could hold a credential: messages name only the scheme, a well-formed
 * host and the port. Stateless and thread-safe.
 */
final class RedisUrlParser {
    static final int DEFAULT_PORT = 6379;
    private static final String KEY = "REDIS_URL";
    private static final java.util.Set<String> KNOWN_QUERY_PARAMETERS = java.util.Set.of(
            "timeout", "database", "db", "clientName", "libraryName", "libraryVersion", "sentinelMasterId", "ssl", "verifyPeer",
            "startTls", "protocol", "protocolVersion", "password", "user", "username");

    private RedisUrlParser() {
    }

    /**
     * Parses {@code url}; adds to {@code problems} and returns empty when it cannot be used.
     *
     * @param where e.g. {@code "REDIS_URL (.env:3)"}, prefixed to messages
     */
    static Optional<ParsedRedisUrl> parse(String url, String where, List<Problem> problems) {
        String text = url.strip();
        int sep = text.indexOf("://");
        if (sep <= 0) {
            problems.add(Problem.of(ProblemCode.URL_MALFORMED, KEY, where + " is not a URL (no scheme://)",
                    "write it as redis://host:6379, or rediss://user:password@host:6379 for TLS"));
            return Optional.empty();
        }
        String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = text.substring(sep + 3);
        int at = rest.lastIndexOf('@');
        String userInfo = at >= 0 ? rest.substring(0, at) : null;
        String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
        String hostPort = hostPart;
        String path = "";
        String query = "";
        int cut = firstIndexOf(hostPart, "/?#");
        if (cut >= 0) {
            hostPort = hostPart.substring(0, cut);
            String tail = hostPart.substring(cut);
            int q = tail.indexOf('?');
            int f = tail.indexOf('#');
            int pathEnd = q >= 0 ? q : f >= 0 ? f : tail.length();
            path = tail.startsWith("/") ? tail.substring(1, Math.max(1, pathEnd)) : "";
            if (q >= 0) {
                query = tail.substring(q + 1, f > q ? f : tail.length());
            }
        }

        boolean tls;
        switch (scheme) {
            case "redis" -> tls = false;
            case "rediss" -> tls = true;
            default -> {
                problems.add(schemeProblem(scheme, hostOnly(hostPort), where));
                return Optional.empty();
            }
        }
        int before = problems.size();

        String host;
        String portText = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                problems.add(Problem.of(ProblemCode.URL_MALFORMED, KEY, where + " has an IPv6 host without a closing ']'",
                        "write IPv6 hosts as rediss://[::1]:6379"));
                return Optional.empty();
            }
            host = hostPort.substring(1, close);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                problems.add(Problem.of(ProblemCode.URL_MALFORMED, KEY, where + " has text after the IPv6 host",
                        "write IPv6 hosts as rediss://[::1]:6379"));
                return Optional.empty();
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
            portText = colon >= 0 ? hostPort.substring(colon + 1) : null;
        }

        if (host.isEmpty()) {
            problems.add(Problem.of(ProblemCode.URL_HOST_MISSING, KEY, where + " has no host",
                    at < 0 && rest.contains(":") ? "the URL has no '@': if it holds a password, write " + scheme + "://:PASSWORD@host:6379"
                            : "write it as " + scheme + "://host:6379"));
        } else if (!validHost(host)) {
            problems.add(Problem.of(ProblemCode.URL_MALFORMED, KEY, where + " has a host name with characters a host cannot have",
                    "check for a stray ':' or '@' in the password: percent-encode them (%3A, %40), or set REDIS_PASSWORD instead"));
        }

        int port = DEFAULT_PORT;
        if (portText != null) {
            if (portText.isEmpty() || !portText.chars().allMatch(Character::isDigit) || portText.length() > 5
                    || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                // A port is echoed only after a well-formed host and at most 6 digits: "redis://:73571234" is
                // a password without its '@', and a long number after a host may be one too.
                boolean digits = !host.isEmpty() && validHost(host) && !portText.isEmpty() && portText.length() <= 6
                        && portText.chars().allMatch(Character::isDigit);
                problems.add(Problem.of(ProblemCode.PORT_OUT_OF_RANGE, KEY,
                        where + (digits ? " has port " + portText + ", outside 1..65535"
                                : portText.chars().allMatch(Character::isDigit) && !portText.isEmpty() ? " has a port outside 1..65535"
                                : " has a port that is not a number"),
                        "Redis listens on 6379 by default (6380 for TLS on Azure); write host:6379"));
            } else {
                port = Integer.parseInt(portText);
            }
        }

        int database = 0;
        if (!path.isEmpty()) {
            boolean digits = path.length() <= 9 && path.chars().allMatch(Character::isDigit);
            if (!digits) {
                problems.add(Problem.of(ProblemCode.DB_INDEX_INVALID, KEY, where + " has a path that is not a database index",
                        "the path selects a database: /0 .. /15, or leave it out for 0"));
            } else {
                database = Integer.parseInt(path);
            }
        }

        if (!query.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    String name = pair.split("=", 2)[0];
                    // only Lettuce's own parameter names are echoed: anything else may be a password's tail
                    names.add(KNOWN_QUERY_PARAMETERS.contains(name) ? name : "?");
                }
            }
            problems.add(Problem.of(ProblemCode.URL_QUERY_IGNORED, KEY, where + " has query parameters that tether ignores: " + String.join(", ", names),
                    "use REDIS_COMMAND_TIMEOUT, REDIS_CLIENT_NAME and the /db path instead"));
        }

        String username = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            int firstAt = userInfo.indexOf('@');
            if (colon >= 0 && firstAt >= 0 && firstAt < colon) {
                // "pw@h:6380/0@x": an '@' before the first ':' means no user name can be told apart; the
                // whole userinfo is the password (and masked whole, like Redactor does)
                colon = -1;
            }
            if (colon >= 0) {
                username = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            } else {
                // As Lettuce's RedisURI and redis-cli read it: a userinfo without ':' is the password.
                password = decode(userInfo);
            }
            if (username != null && username.isEmpty()) {
                username = null;
            }
        }
        if (problems.size() > before && problems.subList(before, problems.size()).stream().anyMatch(Problem::isError)) {
            return Optional.empty();
        }
        return Optional.of(new ParsedRedisUrl(scheme, tls, host, port, database, username, password));
    }

    private static Problem schemeProblem(String scheme, String host, String where) {
        boolean schemeShown = scheme.matches("[a-z][a-z0-9+.-]{0,20}");
        String shown = schemeShown ? "'" + scheme + "://'" : "a scheme";
        if ((scheme.equals("https") || scheme.equals("http")) && host != null && Provider.detect(host) == Provider.UPSTASH) {
            return Problem.of(ProblemCode.URL_SCHEME_UNSUPPORTED, KEY,
                    where + " is Upstash's REST URL (" + scheme + "://" + host + "), not its Redis endpoint",
                    "in the Upstash console copy the Redis connection string (with its password): rediss://default:<password>@" + host + ":6379");
        }
        String hint = switch (scheme) {
            case "redis-sentinel" -> "Sentinel is not supported yet; connect to the primary with redis:// or rediss://";
            case "redis-socket", "unix" -> "Unix sockets are not supported; use redis://localhost:6379";
            case "tcp", "tls" -> "write redis:// for plaintext or rediss:// for TLS";
            default -> "use redis://host:6379 or rediss://host:6379 (TLS)";
        };
        return Problem.of(ProblemCode.URL_SCHEME_UNSUPPORTED, KEY, where + " uses " + shown + "; tether speaks redis:// and rediss://", hint);
    }

    private static String hostOnly(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String h = colon >= 0 ? hostPort.substring(0, colon) : hostPort;
        return validHost(h) ? h : null;
    }

    static boolean validHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
        }
        return host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_');
    }

    private static int firstIndexOf(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Percent-decodes; text with a broken escape is kept as written (many passwords hold a bare '%'). */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 1 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    return s;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                out.writeBytes(b);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
