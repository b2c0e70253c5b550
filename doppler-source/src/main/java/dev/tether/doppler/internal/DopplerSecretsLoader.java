package dev.tether.doppler.internal;

import io.lettuce.core.resource.Delay;
import dev.tether.config.Durations;
import dev.tether.doppler.DopplerException;
import dev.tether.doppler.DopplerException.Code;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gets one config's secrets: from Doppler when it answers, else from the last-known-good copy.
 *
 * <p>Order: read the copy (for its ETag), download with {@code If-None-Match}, keep the answer (200) or
 * the copy (304), and write the copy back with the new fetch time. When the download fails with
 * {@code DOPPLER_UNAVAILABLE} or {@code DOPPLER_RATE_LIMITED} (and, if enabled, 401/403), the copy is
 * used with one WARN naming its age; without a usable copy the failure is thrown, its hint saying so.
 * Not thread-safe per instance; use one per load.
 */
public final class DopplerSecretsLoader {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.doppler");
    private static final Set<Code> OUTAGES = EnumSet.of(Code.DOPPLER_UNAVAILABLE, Code.DOPPLER_RATE_LIMITED);
    private static final Set<Code> AUTH = EnumSet.of(Code.DOPPLER_UNAUTHORIZED, Code.DOPPLER_FORBIDDEN);

    private final DopplerSettings settings;
    private final DopplerApiClient api;
    private final Optional<LastKnownGoodCache> cache;
    private final Clock clock;

    public DopplerSecretsLoader(DopplerSettings settings, Delay backoff, Clock clock) {
        this.settings = settings;
        this.api = new DopplerApiClient(settings, backoff);
        this.cache = settings.cacheFile().map(file -> new LastKnownGoodCache(file, settings.token()));
        this.clock = clock;
    }

    /** The secrets and the project/config they belong to. */
    public record Loaded(String project, String config, Map<String, String> secrets, boolean fromCopy) {
        @Override
        public String toString() {
            return "Loaded[" + project + "/" + config + ", " + secrets.size() + " names, fromCopy=" + fromCopy + "]";
        }
    }

    /** @throws DopplerException when neither Doppler nor a usable copy can supply the secrets */
    public Loaded load() {
        Optional<CachedSecrets> copy = Optional.empty();
        DopplerException copyProblem = null;
        if (cache.isPresent()) {
            try {
                copy = cache.get().read();
            } catch (DopplerException e) {
                copyProblem = e;
            } catch (IOException e) {
                copyProblem = new DopplerException(Code.DOPPLER_CACHE_TAMPERED, "cannot read the last-known-good copy "
                        + cache.get().file() + ": " + e.getClass().getSimpleName(), "check the file's permissions, or delete it",
                        java.util.List.of(), e);
            }
        }

        FetchResult result;
        try {
            result = api.download(copy.map(CachedSecrets::etag).orElse(null));
        } catch (DopplerException failure) {
            return fallBack(failure, copy, copyProblem);
        }

        CachedSecrets current;
        if (result instanceof FetchResult.Fresh fresh) {
            current = new CachedSecrets(fresh.secrets(), fresh.etag(), clock.instant());
            if (copyProblem != null) {
                LOG.warn("Replacing the unusable last-known-good copy: {}", copyProblem.getMessage());
            }
        } else if (copy.isPresent()) {
            current = copy.get().confirmedAt(clock.instant());
        } else {
            // We only send If-None-Match with a copy in hand, so a 304 without one is the server's mistake.
            throw new DopplerException(Code.DOPPLER_BAD_RESPONSE, "Doppler answered 304 Not Modified to a request without If-None-Match",
                    "check DOPPLER_API_HOST points at the Doppler API");
        }
        store(current);
        LOG.debug("Doppler {}: {} names ({})", settings.configuredTarget(), current.secrets().size(),
                result instanceof FetchResult.Fresh ? "downloaded" : "not modified, kept the copy");
        return loaded(current, false);
    }

    private Loaded fallBack(DopplerException failure, Optional<CachedSecrets> copy, DopplerException copyProblem) {
        boolean eligible = OUTAGES.contains(failure.code()) || (settings.fallbackOnAuthError() && AUTH.contains(failure.code()));
        if (!eligible || cache.isEmpty()) {
            throw failure;
        }
        if (copyProblem != null) {
            copyProblem.addSuppressed(failure);
            throw copyProblem;
        }
        if (copy.isEmpty()) {
            throw new DopplerException(failure.code(), failure.detail() + "; no last-known-good copy at " + cache.get().file(),
                    "the copy is written after the first successful fetch; until Doppler answers once, set the values another way",
                    failure.dopplerMessages(), failure);
        }
        CachedSecrets c = copy.get();
        Duration age = Duration.between(c.fetchedAt(), clock.instant());
        LOG.warn("Doppler {} failed with {}: {}; using the last-known-good copy {}, fetched {} ago ({})",
                settings.configuredTarget(), failure.code(), failure.detail(), cache.get().file(), Durations.format(age), c.fetchedAt());
        return loaded(c, true);
    }

    private void store(CachedSecrets current) {
        if (cache.isEmpty()) {
            return;
        }
        try {
            cache.get().write(current);
        } catch (DopplerException e) {
            LOG.warn("{}: {} (hint: {})", e.code(), e.detail(), e.hint());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not write the Doppler last-known-good copy {} ({}): an outage will find no copy",
                    cache.get().file(), e.getClass().getSimpleName());
        }
    }

    private Loaded loaded(CachedSecrets c, boolean fromCopy) {
        String project = Optional.ofNullable(c.secrets().get("DOPPLER_PROJECT")).or(settings::project).orElse("?");
        String config = Optional.ofNullable(c.secrets().get("DOPPLER_CONFIG")).or(settings::config).orElse("?");
        return new Loaded(project, config, c.secrets(), fromCopy);
    }
}
