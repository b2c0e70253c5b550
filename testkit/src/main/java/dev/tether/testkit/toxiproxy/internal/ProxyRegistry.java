package dev.tether.testkit.toxiproxy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every proxy by name, and the API operations on them. Operations are serialized on this object, which
 * keeps populate and reset atomic with respect to other calls. Request bodies arrive parsed by
 * {@link Json}; answers are JSON-ready maps and lists.
 */
public final class ProxyRegistry {
    private final Map<String, ProxyServer> proxies = new TreeMap<>();
    private final boolean loopbackByDefault;

    /**
     * @param loopbackByDefault whether a listen address without a host ({@code ":0"}, {@code ""}) binds
     *                          loopback rather than every interface (true unless the API was started on a
     *                          non-loopback address)
     */
    public ProxyRegistry(boolean loopbackByDefault) {
        this.loopbackByDefault = loopbackByDefault;
    }

    /** The answer of {@code POST /populate}: the proxies kept or created, and the error that stopped it. */
    public static final class PopulateResult {
        public final List<Object> proxies;
        public final ApiError error;

        PopulateResult(List<Object> proxies, ApiError error) {
            this.proxies = proxies;
            this.error = error;
        }
    }

    public synchronized Map<String, Object> list() {
        Map<String, Object> result = new LinkedHashMap<>();
        proxies.forEach((name, proxy) -> result.put(name, proxy.toJson()));
        return result;
    }

    public synchronized Map<String, Object> create(Object body) throws ApiError {
        ProxyInput input = ProxyInput.parse(body, "toxiproxy.Proxy", null);
        if (input.name.isEmpty()) {
            throw ApiError.missingField("name");
        }
        if (input.upstream.isEmpty()) {
            throw ApiError.missingField("upstream");
        }
        if (proxies.containsKey(input.name)) {
            throw ApiError.PROXY_ALREADY_EXISTS;
        }
        ProxyServer proxy = new ProxyServer(input.name, input.listen, input.upstream, loopbackByDefault);
        if (input.enabled) {
            proxy.start();
        }
        proxies.put(input.name, proxy);
        return proxy.toJson();
    }

    public synchronized Map<String, Object> get(String name) throws ApiError {
        return find(name).toJson();
    }

    public synchronized Map<String, Object> update(String name, Object body) throws ApiError {
        ProxyServer proxy = find(name);
        ProxyInput input = ProxyInput.parse(body, "toxiproxy.Proxy", proxy);
        proxy.update(input.listen, input.upstream, input.enabled);
        return proxy.toJson();
    }

    public synchronized void delete(String name) throws ApiError {
        find(name).stop();
        proxies.remove(name);
    }

    /** Validates every entry, then keeps, replaces or creates each proxy in order. */
    public synchronized PopulateResult populate(Object body) {
        if (!(body instanceof List)) {
            return new PopulateResult(null, ApiError.badRequestBody("json: cannot unmarshal " + Json.typeName(body)
                    + " into Go value of type []struct { toxiproxy.Proxy; Enabled *bool \"json:\\\"enabled\\\"\" }"));
        }
        List<ProxyInput> inputs = new ArrayList<>();
        try {
            List<?> entries = (List<?>) body;
            for (Object entry : entries) {
                inputs.add(ProxyInput.parse(entry, "struct { toxiproxy.Proxy; Enabled *bool }", null));
            }
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i).name.isEmpty()) {
                    throw ApiError.missingField("name at proxy " + (i + 1));
                }
                if (inputs.get(i).upstream.isEmpty()) {
                    throw ApiError.missingField("upstream at proxy " + (i + 1));
                }
            }
        } catch (ApiError e) {
            return new PopulateResult(null, e);
        }
        List<Object> applied = new ArrayList<>();
        for (ProxyInput input : inputs) {
            ProxyServer existing = proxies.get(input.name);
            if (existing != null && existing.listen().equals(Addresses.normalize(input.listen))
                    && existing.upstream().equals(input.upstream)) {
                applied.add(existing.toJson());
                continue;
            }
            if (existing != null) {
                existing.stop();
            }
            ProxyServer proxy = new ProxyServer(input.name, input.listen, input.upstream, loopbackByDefault);
            if (input.enabled) {
                try {
                    proxy.start();
                } catch (ApiError e) {
                    return new PopulateResult(applied.isEmpty() ? null : applied, e);
                }
            }
            proxies.put(input.name, proxy);
            applied.add(proxy.toJson());
        }
        return new PopulateResult(applied.isEmpty() ? null : applied, null);
    }

    /** Re-enables every proxy and removes every toxic; deletes nothing. */
    public synchronized void reset() throws ApiError {
        for (ProxyServer proxy : proxies.values()) {
            proxy.start();
            proxy.removeAllToxics();
        }
    }

    public synchronized List<Object> toxics(String proxy) throws ApiError {
        return find(proxy).toxicsJson();
    }

    public synchronized Map<String, Object> createToxic(String proxy, Object body) throws ApiError {
        return find(proxy).addToxic(body).toJson();
    }

    public synchronized Map<String, Object> toxic(String proxy, String toxic) throws ApiError {
        return find(proxy).toxic(toxic).toJson();
    }

    public synchronized Map<String, Object> updateToxic(String proxy, String toxic, Object body) throws ApiError {
        return find(proxy).updateToxic(toxic, body).toJson();
    }

    public synchronized void deleteToxic(String proxy, String toxic) throws ApiError {
        find(proxy).removeToxic(toxic);
    }

    /** Stops every proxy and forgets them all (server shutdown). */
    public synchronized void closeAll() {
        proxies.values().forEach(ProxyServer::stop);
        proxies.clear();
    }

    private ProxyServer find(String name) throws ApiError {
        ProxyServer proxy = proxies.get(name);
        if (proxy == null) {
            throw ApiError.PROXY_NOT_FOUND;
        }
        return proxy;
    }

    /** The fields of a proxy in a request; absent fields default to {@code base}'s values (or empty). */
    private static final class ProxyInput {
        final String name;
        final String listen;
        final String upstream;
        final boolean enabled;

        private ProxyInput(String name, String listen, String upstream, boolean enabled) {
            this.name = name;
            this.listen = listen;
            this.upstream = upstream;
            this.enabled = enabled;
        }

        @SuppressWarnings("unchecked")
        static ProxyInput parse(Object body, String goType, ProxyServer base) throws ApiError {
            if (!(body instanceof Map)) {
                throw ApiError.badRequestBody("json: cannot unmarshal " + Json.typeName(body)
                        + " into Go value of type " + goType);
            }
            Map<String, Object> fields = (Map<String, Object>) body;
            String name = string(fields, "name", base == null ? "" : base.name);
            String listen = string(fields, "listen", base == null ? "" : base.listen());
            String upstream = string(fields, "upstream", base == null ? "" : base.upstream());
            Object enabled = fields.get("enabled");
            boolean isEnabled = base == null || base.enabled();
            if (enabled != null) {
                if (!(enabled instanceof Boolean)) {
                    throw unmarshal(enabled, "enabled", "bool");
                }
                isEnabled = (Boolean) enabled;
            }
            return new ProxyInput(name, listen, upstream, isEnabled);
        }

        private static String string(Map<String, Object> fields, String key, String fallback) throws ApiError {
            Object value = fields.get(key);
            if (value == null) {
                return fallback;
            }
            if (!(value instanceof String)) {
                throw unmarshal(value, key, "string");
            }
            return (String) value;
        }

        private static ApiError unmarshal(Object value, String field, String goType) {
            return ApiError.badRequestBody("json: cannot unmarshal " + Json.typeName(value)
                    + " into Go struct field Proxy." + field + " of type " + goType);
        }
    }
}
