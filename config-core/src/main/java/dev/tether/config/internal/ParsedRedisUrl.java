package dev.tether.config.internal;

/**
 * The parts of a {@code REDIS_URL}. {@code password} may be a credential: never print it.
 * Fields are {@code null} where the URL does not say.
 */
record ParsedRedisUrl(String scheme, boolean tls, String host, int port, int database,
                      String username, String password) {
}
