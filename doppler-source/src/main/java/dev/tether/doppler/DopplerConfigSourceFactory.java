package dev.tether.doppler;

import dev.tether.config.SourceOrdinals;
import dev.tether.doppler.internal.DopplerApiClient;
import dev.tether.doppler.internal.DopplerConfigSource;
import dev.tether.doppler.internal.DopplerSecretsLoader;
import dev.tether.doppler.internal.DopplerSettings;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Contributes Doppler's secrets as one config source, {@code doppler:<project>/<config>}, at ordinal
 * {@link SourceOrdinals#DOPPLER} (below the environment, above {@code .env}).
 *
 * <p>Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}, so SmallRye's
 * {@code addDiscoveredSources()} finds it. Its own settings ({@code DOPPLER_TOKEN}, {@code DOPPLER_PROJECT},
 * ... see the module README) come from the sources already loaded (environment, system properties,
 * {@code .env}), in either spelling: {@code DOPPLER_TOKEN} or {@code doppler.token}; when both are set the
 * one from the higher-ordinal source wins. Without a token it contributes nothing (one DEBUG line).
 * Settings that decide where the token is sent or the secrets stored ({@code DOPPLER_API_HOST},
 * {@code DOPPLER_CACHE_FILE}, {@code XDG_CACHE_HOME}) count only from a source at least as trusted
 * (ordinal) as the one holding the token: with the token in the environment, a committed {@code .env}
 * cannot redirect it (such a value is ignored with a WARN).
 *
 * <p>Secrets are downloaded once, when the config is built, and kept as an encrypted last-known-good
 * copy that is used (with a WARN stating its age) when Doppler is unreachable.
 *
 * <p>Stateless and thread-safe.
 */
public final class DopplerConfigSourceFactory implements ConfigSourceFactory {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tether.doppler");

    /**
     * Downloads the secrets (or falls back to the last-known-good copy) and returns them as one source.
     *
     * @return no source when no token is set
     * @throws DopplerException when neither Doppler nor a usable copy can supply the secrets, or a setting is invalid
     */
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<DopplerSettings> settings = DopplerSettings.from(
                key -> Optional.ofNullable(lookup(context, key)).map(ConfigValue::getValue).orElse(null),
                key -> Optional.ofNullable(lookup(context, key)).map(ConfigValue::getSourceOrdinal).orElse(Integer.MIN_VALUE));
        if (settings.isEmpty()) {
            LOG.debug("No {} in any config source: the Doppler source is off", DopplerSettings.TOKEN);
            return List.of();
        }
        DopplerSecretsLoader.Loaded loaded = new DopplerSecretsLoader(settings.get(), DopplerApiClient.DEFAULT_BACKOFF, Clock.systemUTC()).load();
        return List.of(new DopplerConfigSource(loaded.project(), loaded.config(), loaded.secrets(), SourceOrdinals.DOPPLER));
    }

    /** The factory runs after the ordinary sources, so they can supply its token. */
    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(SourceOrdinals.DOPPLER);
    }

    /** {@code DOPPLER_TOKEN} as written in env/.env, or {@code doppler.token} as a property: the higher ordinal wins. */
    private static ConfigValue lookup(ConfigSourceContext context, String envKey) {
        ConfigValue asEnv = context.getValue(envKey);
        ConfigValue asProperty = context.getValue(envKey.toLowerCase(Locale.ROOT).replace('_', '.'));
        boolean envSet = asEnv != null && asEnv.getValue() != null;
        boolean propertySet = asProperty != null && asProperty.getValue() != null;
        if (envSet && propertySet) {
            return asEnv.getSourceOrdinal() >= asProperty.getSourceOrdinal() ? asEnv : asProperty;
        }
        return envSet ? asEnv : propertySet ? asProperty : null;
    }
}
