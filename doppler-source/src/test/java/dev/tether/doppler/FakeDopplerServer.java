package dev.tether.doppler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HTTP server on 127.0.0.1 that implements Doppler's
 * {@code GET /v3/configs/config/secrets/download?format=json}: checks the bearer token and the
 * project/config parameters, answers with an ETag, honours {@code If-None-Match} with 304, and uses
 * Doppler's error shape {@code {"messages":[...],"success":false}}. Faults are queued per request
 * ({@link #failNext}) or permanent ({@link #failAlways}).
 */
final class FakeDopplerServer implements AutoCloseable {
    static final String PATH = "/v3/configs/config/secrets/download";

    enum Fault {
        /** Holds the answer until the server closes (beyond any client timeout). */
        SLOW,
        SERVER_ERROR_500,
        /** 429 with {@code Retry-After: 1}. */
        RATE_LIMITED_RETRY_AFTER_1S,
        /** 429 with {@code Retry-After: 120}. */
        RATE_LIMITED_RETRY_AFTER_120S,
        FORBIDDEN_403,
        /** 200 with a body that is not JSON. */
        MALFORMED_JSON,
        /** 200 with a well-framed body that stops in the middle of the JSON. */
        TRUNCATED_JSON,
        /** 200 announcing more bytes than it sends, then closing the connection. */
        SHORT_BODY,
        /** 200 with a JSON object whose values are not all strings. */
        WRONG_SHAPE
    }

    /** One request as the server saw it. */
    record Seen(long nanoTime, String authorization, Map<String, String> query, String ifNoneMatch, int status) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Deque<Fault> nextFaults = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Fault always;
    private volatile String token;
    private volatile boolean revoked;
    private final String project;
    private final String config;
    private volatile Map<String, String> secrets;

    FakeDopplerServer(String token, String project, String config, Map<String, String> secrets) throws IOException {
        this.token = token;
        this.project = project;
        this.config = config;
        setSecrets(secrets);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void setSecrets(Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put("DOPPLER_PROJECT", project);
        all.put("DOPPLER_CONFIG", config);
        all.put("DOPPLER_ENVIRONMENT", config);
        secrets = all;
    }

    synchronized void failNext(int times, Fault fault) {
        for (int i = 0; i < times; i++) {
            nextFaults.add(fault);
        }
    }

    void failAlways(Fault fault) {
        always = fault;
    }

    void heal() {
        always = null;
        synchronized (this) {
            nextFaults.clear();
        }
    }

    /** From now on the token answers 401, as a revoked one does. */
    void revokeToken() {
        revoked = true;
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    private synchronized Fault nextFault() {
        Fault queued = nextFaults.poll();
        return queued != null ? queued : always;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            exchange.setAttribute(Seen.class.getName(), new Seen(System.nanoTime(), auth, query, ifNoneMatch, 0));
            answer(exchange, query, auth, ifNoneMatch);
        }
    }

    /** Records the request with its status before the client can see the answer, then sends the headers. */
    private void sendHeaders(HttpExchange exchange, int status, long length) throws IOException {
        Seen request = (Seen) exchange.getAttribute(Seen.class.getName());
        seen.add(new Seen(request.nanoTime(), request.authorization(), request.query(), request.ifNoneMatch(), status));
        exchange.sendResponseHeaders(status, length);
    }

    private int answer(HttpExchange exchange, Map<String, String> query, String auth, String ifNoneMatch) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(PATH)) {
            return error(exchange, 404, "Endpoint not found");
        }
        if (auth == null || !auth.equals("Bearer " + token) || revoked) {
            return error(exchange, 401, "Invalid Auth token");
        }
        if (!"json".equals(query.get("format"))) {
            return error(exchange, 400, "Invalid format");
        }
        if (!project.equals(query.get("project")) || !config.equals(query.get("config"))) {
            return error(exchange, 404, "Could not find requested config '" + query.get("config") + "'");
        }
        Fault fault = nextFault();
        if (fault != null) {
            switch (fault) {
                case SLOW -> {
                    awaitClose();
                    return error(exchange, 504, "too late");
                }
                case SERVER_ERROR_500 -> {
                    return error(exchange, 500, "Internal server error");
                }
                case RATE_LIMITED_RETRY_AFTER_1S -> {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    return error(exchange, 429, "Too many requests");
                }
                case RATE_LIMITED_RETRY_AFTER_120S -> {
                    exchange.getResponseHeaders().set("Retry-After", "120");
                    return error(exchange, 429, "Too many requests");
                }
                case FORBIDDEN_403 -> {
                    return error(exchange, 403, "You do not have access to this config");
                }
                case MALFORMED_JSON -> {
                    return send(exchange, 200, "<html>Sign in to the hotel wifi</html>");
                }
                case TRUNCATED_JSON -> {
                    String full = json(secrets);
                    return send(exchange, 200, full.substring(0, full.length() / 2));
                }
                case SHORT_BODY -> {
                    byte[] body = json(secrets).getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    sendHeaders(exchange, 200, body.length + 100L);
                    exchange.getResponseBody().write(body, 0, body.length / 2);
                    exchange.getResponseBody().flush();
                    return 200;
                }
                case WRONG_SHAPE -> {
                    return send(exchange, 200, "{\"REDIS_URL\":{\"computed\":\"x\"}}");
                }
            }
        }
        String body = json(secrets);
        String etag = "W/\"" + sha256(body).substring(0, 16) + "\"";
        exchange.getResponseHeaders().set("ETag", etag);
        if (etag.equals(ifNoneMatch)) {
            sendHeaders(exchange, 304, -1);
            return 304;
        }
        return send(exchange, 200, body);
    }

    private void awaitClose() {
        try {
            closing.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int error(HttpExchange exchange, int status, String message) throws IOException {
        return send(exchange, status, "{\"messages\":[" + quote(message) + "],\"success\":false}");
    }

    private int send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        sendHeaders(exchange, status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    static String json(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
