package dev.tether.redis;

/**
 * Server-assisted client-side caching from {@link SharedRedis#clientSideCache()}: string values
 * read through a connection of its own with {@code CLIENT TRACKING} on, kept in memory until Redis
 * says they changed. After every reconnect tracking is enabled again and the local cache is
 * emptied (the server forgot what this client read, so any entry could be stale); while
 * disconnected nothing is served from memory. Needs RESP3 (Redis 6+).
 *
 * <p>Thread-safe.
 */
public interface ClientSideCache extends AutoCloseable {
    /**
     * The value of {@code key}: from memory when tracked, else read from Redis (and remembered).
     *
     * @throws RedisNotSentException        while disconnected
     * @throws RedisOutcomeUnknownException when Redis does not answer within the command timeout
     */
    String get(String key);

    /** How many values are held in memory now. */
    int size();

    /** Empties the local cache. */
    void clear();

    /** Closes its connection and empties the cache. Idempotent. */
    @Override
    void close();
}
