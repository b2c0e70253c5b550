package dev.tether.config.internal;

import dev.tether.config.Problem;
import dev.tether.config.ProblemCode;
import dev.tether.config.Provider;
import dev.tether.config.RedisNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses {@code redis://}, {@code rediss://} and Sentinel URLs, single or seed lists, leniently enough to report every problem, and
 * never echoes a part that could hold a credential: messages name only the scheme, a well-formed
 * host and the port. Stateless and thread-safe.
 */
final class RedisUrlParser {
    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_SENTINEL_PORT = 26379;
    private static final String KEY = "REDIS_URL";
    /** A comma that starts another whole URL of a seed list (the boundary {@code Redactor} uses too). */
    private static final Pattern NEXT_URL = Pattern.compile(",\\s*(?=[A-Za-z][A-Za-z0-9+.-]*://)");
    private static final java.util.Set<String> KNOWN_SCHEMES = java.util.Set.of("redis", "rediss", "redis-sentinel", "rediss-sentinel");
    private static final java.util.Set<String> KNOWN_QUERY_PARAMETERS = java.util.Set.of(
            "timeout", "database", "db", "clientName", "libraryName", "libraryVersion", "sentinelMasterId", "ssl", "verifyPeer",
            "startTls", "protocol", "protocolVersion", "password", "user", "username");

    private RedisUrlParser() {
    }

    /**
     * Parses {@code url}: one URL, a seed list ({@code rediss://u:p@n1:6379,n2:6379}, later seeds
     * inheriting the first's scheme and credentials, or each a whole URL of its own) or a Sentinel URL
     * ({@code redis-sentinel://s1:26379,s2:26379/0#mymaster}); adds to {@code problems} and returns
     * empty when it cannot be used.
     *
     * @param where e.g. {@code "REDIS_URL (.env:3)"}, prefixed to messages
     */
    static Optional<ParsedRedisUrl> parse(String url, String where, List<Problem> problems) {
        String text = url.strip();
        List<Piece> pieces = new ArrayList<>();
        for (String part : NEXT_URL.split(text, -1)) {
            Piece piece = Piece.split(part, where, problems);
            if (piece == null) {
                return Optional.empty();
            }
            pieces.add(piece);
        }
        Piece first = pieces.get(0);
        boolean tls;
        boolean sentinel;
        switch (first.scheme) {
            case "redis" -> { tls = false; sentinel = false; }
            case "rediss" -> { tls = true; sentinel = false; }
            case "redis-sentinel" -> { tls = false; sentinel = true; }
            case "rediss-sentinel" -> { tls = true; sentinel = true; }
            default -> {
                problems.add(schemeProblem(first.scheme, hostOnly(first.hosts.get(0)), where));
                return Optional.empty();
            }
        }
        int before = problems.size();
        int seeds = 0;
        for (Piece p : pieces) {
            seeds += p.hosts.size();
        }

        List<RedisNode> nodes = new ArrayList<>();
        int seed = 0;
        String path = "";
        String masterId = null;
        for (int i = 0; i < pieces.size(); i++) {
            Piece piece = pieces.get(i);
            if (i > 0) {
                mixedSeeds(first, piece, seed + 1, where, problems);
            }
            for (String hostPort : piece.hosts) {
                seed++;
                String label = seeds > 1 ? where + " seed " + seed : where;
                java.util.Optional<RedisNode> node = parseNode(hostPort, label, piece, sentinel ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT, problems);
                if (node.isPresent()) {
                    nodes.add(node.get());
                }
            }
            if (!piece.path.isEmpty()) {
                path = piece.path;
            }
            if (piece.fragment != null && !piece.fragment.isEmpty()) {
                masterId = decode(piece.fragment);
            }
            String queryMaster = query(piece.query, sentinel, where, problems);
            if (masterId == null && queryMaster != null) {
                masterId = queryMaster;
            }
        }

        int database = 0;
        if (!path.isEmpty()) {
            boolean digits = path.length() <= 9 && allDigits(path);
            if (!digits) {
                problems.add(Problem.of(ProblemCode.DB_INDEX_INVALID, KEY, where + " has a path that is not a database index",
                        path.indexOf(',') >= 0 ? "write the /db once, after the last seed: " + first.scheme + "://node1:6379,node2:6379/0"
                                : "the path selects a database: /0 .. /15, or leave it out for 0"));
            } else {
                database = Integer.parseInt(path);
            }
        }
        if (sentinel && (masterId == null || masterId.isBlank())) {
            problems.add(Problem.of(ProblemCode.SENTINEL_MASTER_MISSING, KEY, where + " is a Sentinel URL without the primary's name",
                    "append the name the sentinels monitor (SENTINEL MASTERS lists it): " + first.scheme + "://s1:26379,s2:26379#mymaster"));
        }

        String username = null;
        String password = null;
        if (first.userInfo != null) {
            String userInfo = first.userInfo;
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
        if (problems.size() > before && SettingsValidator.anyError(problems.subList(before, problems.size()))) {
            return Optional.empty();
        }
        return Optional.of(new ParsedRedisUrl(first.scheme, tls, sentinel, nodes, database, username, password,
                sentinel ? masterId : null));
    }

    /** One {@code scheme://[userinfo@]host[:port][,host[:port]...][/path][?query][#fragment]} of a list. */
    private record Piece(String scheme, String rest, String userInfo, List<String> hosts, String path, String query, String fragment) {

        /** Splits {@code text} into its parts, or adds a problem and returns {@code null} when it has no scheme. */
        static Piece split(String text, String where, List<Problem> problems) {
            int sep = text.indexOf("://");
            if (sep <= 0) {
                problems.add(Problem.of(ProblemCode.URL_MALFORMED, KEY, where + " is not a URL (no scheme://)",
                        "write it as redis://host:6379, or rediss://user:password@host:6379 for TLS"));
                return null;
            }
            String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
            String rest = text.substring(sep + 3);
            int at = rest.lastIndexOf('@');
            String userInfo = at >= 0 ? rest.substring(0, at) : null;
            String hostPart = at >= 0 ? rest.substring(at + 1) : rest;
            String hostList = hostPart;
            String path = "";
            String query = "";
            String fragment = null;
            int cut = firstIndexOf(hostPart, "/?#");
            if (cut >= 0) {
                hostList = hostPart.substring(0, cut);
                String tail = hostPart.substring(cut);
                int q = tail.indexOf('?');
                int f = tail.indexOf('#');
                int pathEnd = q >= 0 ? q : f >= 0 ? f : tail.length();
                path = tail.startsWith("/") ? tail.substring(1, Math.max(1, pathEnd)) : "";
                if (q >= 0) {
                    query = tail.substring(q + 1, f > q ? f : tail.length());
                }
                if (f >= 0 && (q < 0 || f > q)) {
                    fragment = tail.substring(f + 1);
                }
            }
            return new Piece(scheme, rest, userInfo, List.of(hostList.split(",", -1)), path, query, fragment);
        }
    }

    /** A later whole URL of a list must agree with the first on the scheme and the credentials. */
    private static void mixedSeeds(Piece first, Piece later, int seed, String where, List<Problem> problems) {
        if (!later.scheme.equals(first.scheme)) {
            boolean shown = KNOWN_SCHEMES.contains(later.scheme) && KNOWN_SCHEMES.contains(first.scheme);
            problems.add(Problem.of(ProblemCode.SEED_LIST_MIXED, KEY,
                    where + " seed " + seed + (shown ? " is " + later.scheme + ":// while the first is " + first.scheme + "://"
                            : " has another scheme than the first"),
                    "every node of a cluster speaks the same protocol: write the scheme once, on the first seed "
                            + "(rediss://user:password@node1:6379,node2:6379), later seeds inherit it"));
        }
        if (later.userInfo != null && !later.userInfo.equals(first.userInfo)) {
            problems.add(Problem.of(ProblemCode.SEED_LIST_MIXED, KEY, where + " seed " + seed + " carries other credentials than the first",
                    "every node takes the same credentials: write them once, on the first seed (later seeds inherit them)"));
        }
        if (!later.path.isEmpty() && !first.path.isEmpty() && !later.path.equals(first.path)) {
            problems.add(Problem.of(ProblemCode.SEED_LIST_MIXED, KEY, where + " seed " + seed + " selects another database than the first",
                    "the nodes share one database setting: write the /db once, after the last seed"));
        }
    }

    /** Reports ignored query parameters; returns Lettuce's {@code sentinelMasterId} of a Sentinel URL. */
    private static String query(String query, boolean sentinel, String where, List<Problem> problems) {
        if (query.isEmpty()) {
            return null;
        }
        String masterId = null;
        List<String> names = new ArrayList<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] nameValue = pair.split("=", 2);
                if (sentinel && nameValue[0].equals("sentinelMasterId") && nameValue.length == 2) {
                    masterId = decode(nameValue[1]);
                    continue;
                }
                // only Lettuce's own parameter names are echoed: anything else may be a password's tail
                names.add(KNOWN_QUERY_PARAMETERS.contains(nameValue[0]) ? nameValue[0] : "?");
            }
        }
        if (!names.isEmpty()) {
            problems.add(Problem.of(ProblemCode.URL_QUERY_IGNORED, KEY, where + " has query parameters that tether ignores: " + String.join(", ", names),
                    "use REDIS_COMMAND_TIMEOUT, REDIS_CLIENT_NAME and the /db path instead"));
        }
        return masterId;
    }

    /** One {@code host[:port]} of the list; adds a problem (never echoing a possible credential) when it is not one. */
    private static Optional<RedisNode> parseNode(String hostPort, String where, Piece piece, int defaultPort, List<Problem> problems) {
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

        boolean ok = true;
        if (host.isEmpty()) {
            ok = false;
            problems.add(Problem.of(ProblemCode.URL_HOST_MISSING, KEY, where + (hostPort.isEmpty() && piece.hosts.size() > 1 ? " is empty" : " has no host"),
                    hostPort.isEmpty() && piece.hosts.size() > 1 ? "remove the stray ',' or write the seed as host:6379"
                    : piece.userInfo == null && piece.rest.contains(":") ? "the URL has no '@': if it holds a password, write " + piece.scheme + "://:PASSWORD@host:6379"
                            : "write it as " + piece.scheme + "://host:6379"));
        } else if (!validHost(host)) {
            ok = false;
            problems.add(Problem.of(ProblemCode.URL_MALFORMED, KEY, where + " has a host name with characters a host cannot have",
                    "check for a stray ':' or '@' in the password: percent-encode them (%3A, %40), or set REDIS_PASSWORD instead"));
        }

        int port = defaultPort;
        if (portText != null) {
            if (portText.isEmpty() || !allDigits(portText) || portText.length() > 5
                    || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                // A port is echoed only after a well-formed host and at most 6 digits: "redis://:73571234" is
                // a password without its '@', and a long number after a host may be one too.
                boolean digits = !host.isEmpty() && validHost(host) && !portText.isEmpty() && portText.length() <= 6
                        && allDigits(portText);
                problems.add(Problem.of(ProblemCode.PORT_OUT_OF_RANGE, KEY,
                        where + (digits ? " has port " + portText + ", outside 1..65535"
                                : allDigits(portText) && !portText.isEmpty() ? " has a port outside 1..65535"
                                : " has a port that is not a number"),
                        defaultPort == DEFAULT_SENTINEL_PORT ? "sentinels listen on 26379 by default; write host:26379"
                                : "Redis listens on 6379 by default (6380 for TLS on Azure); write host:6379"));
                ok = false;
            } else {
                port = Integer.parseInt(portText);
            }
        }
        return ok ? Optional.of(new RedisNode(host, port)) : Optional.empty();
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
            case "redis+ssl", "redis+tls" -> "write rediss:// for TLS";
            case "redis-socket", "unix" -> "Unix sockets are not supported; use redis://localhost:6379";
            case "tcp", "tls" -> "write redis:// for plaintext or rediss:// for TLS";
            default -> "use redis://host:6379 or rediss://host:6379 (TLS)";
        };
        return Problem.of(ProblemCode.URL_SCHEME_UNSUPPORTED, KEY, where + " uses " + shown + "; tether speaks redis://, rediss:// and redis-sentinel://", hint);
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
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} is all ASCII-or-Unicode digits (loops, not streams: this runs on every cold start). */
    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
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
