package dev.tether.doppler.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One Doppler answer as kept in the last-known-good copy. Immutable; {@link #toString()} shows no value.
 *
 * @param secrets   names → values, as Doppler sent them
 * @param etag      the answer's {@code ETag}, or {@code null} when it had none
 * @param fetchedAt when Doppler last confirmed these values (200 or 304)
 */
public record CachedSecrets(Map<String, String> secrets, String etag, Instant fetchedAt) {
    public CachedSecrets {
        secrets = Map.copyOf(Objects.requireNonNull(secrets, "secrets"));
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** The same values, confirmed again at {@code when}. */
    public CachedSecrets confirmedAt(Instant when) {
        return new CachedSecrets(secrets, etag, when);
    }

    @Override
    public String toString() {
        return "CachedSecrets[" + secrets.size() + " names, etag=" + (etag != null) + ", fetchedAt=" + fetchedAt + "]";
    }
}
