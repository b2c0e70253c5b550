package dev.tether.config;

import java.util.Locale;

/**
 * Where the Redis server runs, chosen from {@code REDIS_PROVIDER} or detected from the host name.
 * The connection's preset (timeouts, keepalive, TLS requirement) follows from it.
 */
public enum Provider {
    /** Upstash ({@code *.upstash.io}): TLS only; a plaintext client gets a connection reset. */
    UPSTASH("upstash", true),
    /** Redis Cloud ({@code *.redis-cloud.com}, {@code *.redislabs.com}). */
    REDIS_CLOUD("redis-cloud", false),
    /** AWS ElastiCache / MemoryDB ({@code *.cache.amazonaws.com}); serverless caches require TLS. */
    ELASTICACHE("elasticache", false),
    /** Azure Cache for Redis ({@code *.redis.cache.windows.net}, TLS on 6380). */
    AZURE("azure", false),
    /** A server on this machine ({@code localhost}, {@code 127.0.0.1}, {@code ::1}). */
    LOCAL("local", false),
    /** Anything else. */
    GENERIC("generic", false);

    private final String id;
    private final boolean requiresTls;

    Provider(String id, boolean requiresTls) {
        this.id = id;
        this.requiresTls = requiresTls;
    }

    /** The value accepted by {@code REDIS_PROVIDER}. */
    public String id() {
        return id;
    }

    /** Whether the provider refuses plaintext connections for this host. */
    public boolean requiresTls(String host) {
        if (this == ELASTICACHE) {
            return host != null && host.toLowerCase(Locale.ROOT).contains(".serverless.");
        }
        return requiresTls;
    }

    /** The provider a host name belongs to; {@link #GENERIC} when none matches. */
    public static Provider detect(String host) {
        if (host == null) {
            return GENERIC;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".upstash.io")) {
            return UPSTASH;
        }
        if (h.endsWith(".redis-cloud.com") || h.endsWith(".redislabs.com") || h.endsWith(".rlrcp.com")) {
            return REDIS_CLOUD;
        }
        if (h.endsWith(".cache.amazonaws.com") || h.endsWith(".cache.amazonaws.com.cn") || h.contains(".memorydb.")) {
            return ELASTICACHE;
        }
        if (h.endsWith(".redis.cache.windows.net") || h.endsWith(".redis.azure.net")) {
            return AZURE;
        }
        if (h.equals("localhost") || h.equals("127.0.0.1") || h.equals("::1") || h.equals("[::1]") || h.startsWith("127.")) {
            return LOCAL;
        }
        return GENERIC;
    }

    /** The provider for a {@code REDIS_PROVIDER} value, or {@code null} when unknown; {@code auto} is {@code null} too. */
    static Provider fromId(String id) {
        for (Provider p : values()) {
            if (p.id.equalsIgnoreCase(id.trim())) {
                return p;
            }
        }
        return null;
    }
}
