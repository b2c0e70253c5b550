package dev.tether.testkit.toxiproxy.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Routes the Toxiproxy HTTP API onto a {@link ProxyRegistry} and writes answers the way the real server
 * does: status codes, JSON shapes, error bodies ({@code {"error":"...","status":N}} plus a newline, as Go's
 * {@code http.Error} writes them), 405 with an empty body for a known path with the wrong method, and
 * Go's {@code 404 page not found} for an unknown path. Thread-safe: the registry serializes operations.
 */
public final class ApiHandler implements HttpHandler {
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    /** The largest request body read; the API's bodies are a few hundred bytes. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final String BODY = "toxiproxy.body";

    private final ProxyRegistry registry;
    private final String version;
    private final AllowedHosts hosts;

    public ApiHandler(ProxyRegistry registry, String version, AllowedHosts hosts) {
        this.registry = registry;
        this.version = version;
        this.hosts = hosts;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
            if (userAgent != null && userAgent.startsWith("Mozilla/")) {
                send(exchange, 403, TEXT, "User agent not allowed\n");
                return;
            }
            String host = exchange.getRequestHeaders().getFirst("Host");
            if (!hosts.allows(host)) {
                send(exchange, 403, TEXT, "Host not allowed: " + host.replaceAll("[^\\x20-\\x7e]", "?")
                        + " (only loopback names; start the server with --host NAME to accept NAME)\n");
                return;
            }
            try {
                exchange.setAttribute(BODY, readBody(exchange));
                ReadDeadlines.readFinished();
                route(exchange, exchange.getRequestMethod(), exchange.getRequestURI().getPath().split("/", -1));
            } catch (ApiError e) {
                sendError(exchange, e);
            }
        }
    }

    /**
     * Reads the whole body before routing, so that a slow body is read under the read deadline whatever
     * the route (the JDK server would otherwise drain it after the handler, without one); at most
     * {@link #MAX_BODY_BYTES}.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException, ApiError {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                // the JDK server has already refused a malformed length; nothing to add
            }
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        return body;
    }

    private static ApiError tooLarge() {
        return new ApiError(413, "request body too large: the limit is " + MAX_BODY_BYTES + " bytes");
    }

    private void route(HttpExchange exchange, String method, String[] path) throws IOException, ApiError {
        // path[0] is the empty string before the leading slash
        if (path.length < 2 || !path[0].isEmpty() || hasEmptySegment(path)) {
            notFound(exchange);
            return;
        }
        String root = path[1];
        if (path.length == 2 && root.equals("version")) {
            if (allow(exchange, method, "GET")) {
                send(exchange, 200, "application/json;charset=utf-8", "{\"version\": \"" + version + "\"}\n");
            }
        } else if (path.length == 2 && root.equals("reset")) {
            if (allow(exchange, method, "POST")) {
                registry.reset();
                send(exchange, 204, null, null);
            }
        } else if (path.length == 2 && root.equals("populate")) {
            if (allow(exchange, method, "POST")) {
                populate(exchange);
            }
        } else if (root.equals("proxies") && path.length == 2) {
            if (allow(exchange, method, "GET", "POST")) {
                if (method.equals("GET")) {
                    sendJson(exchange, 200, registry.list());
                } else {
                    sendJson(exchange, 201, registry.create(body(exchange)));
                }
            }
        } else if (root.equals("proxies") && path.length == 3) {
            proxy(exchange, method, path[2]);
        } else if (root.equals("proxies") && path.length == 4 && path[3].equals("toxics")) {
            if (allow(exchange, method, "GET", "POST")) {
                if (method.equals("GET")) {
                    sendJson(exchange, 200, registry.toxics(path[2]));
                } else {
                    registry.get(path[2]); // an unknown proxy is a 404 before the body is looked at
                    sendJson(exchange, 200, registry.createToxic(path[2], body(exchange)));
                }
            }
        } else if (root.equals("proxies") && path.length == 5 && path[3].equals("toxics")) {
            toxic(exchange, method, path[2], path[4]);
        } else {
            notFound(exchange);
        }
    }

    private void proxy(HttpExchange exchange, String method, String name) throws IOException, ApiError {
        if (!allow(exchange, method, "GET", "POST", "PATCH", "DELETE")) {
            return;
        }
        switch (method) {
            case "GET":
                sendJson(exchange, 200, registry.get(name));
                break;
            case "DELETE":
                registry.delete(name);
                send(exchange, 204, null, null);
                break;
            default:
                // the body is read only once the proxy is known: an unknown proxy is a 404 whatever the body
                registry.get(name);
                sendJson(exchange, 200, registry.update(name, body(exchange)));
        }
    }

    private void toxic(HttpExchange exchange, String method, String proxy, String toxic)
            throws IOException, ApiError {
        if (!allow(exchange, method, "GET", "POST", "PATCH", "DELETE")) {
            return;
        }
        switch (method) {
            case "GET":
                sendJson(exchange, 200, registry.toxic(proxy, toxic));
                break;
            case "DELETE":
                registry.deleteToxic(proxy, toxic);
                send(exchange, 204, null, null);
                break;
            default:
                registry.toxic(proxy, toxic);
                sendJson(exchange, 200, registry.updateToxic(proxy, toxic, body(exchange)));
        }
    }

    private void populate(HttpExchange exchange) throws IOException {
        ProxyRegistry.PopulateResult result;
        try {
            result = registry.populate(body(exchange));
        } catch (ApiError e) {
            result = new ProxyRegistry.PopulateResult(null, e);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        int status = 201;
        if (result.error != null) {
            answer.put("error", result.error.getMessage());
            answer.put("status", result.error.status());
            status = result.error.status();
        }
        answer.put("proxies", result.proxies);
        sendJson(exchange, status, answer);
    }

    private static Object body(HttpExchange exchange) throws ApiError {
        String text = new String((byte[]) exchange.getAttribute(BODY), StandardCharsets.UTF_8);
        try {
            return Json.parse(text);
        } catch (Json.SyntaxException e) {
            throw ApiError.badRequestBody(e.getMessage());
        }
    }

    private static boolean hasEmptySegment(String[] path) {
        for (int i = 1; i < path.length; i++) {
            if (path[i].isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean allow(HttpExchange exchange, String method, String... allowed) throws IOException {
        if (Set.of(allowed).contains(method)) {
            return true;
        }
        send(exchange, 405, null, null);
        return false;
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, TEXT, "404 page not found\n");
    }

    private static void sendError(HttpExchange exchange, ApiError error) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.getMessage());
        body.put("status", error.status());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, error.status(), TEXT, Json.write(body) + "\n");
    }

    private static void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, JSON, Json.write(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
