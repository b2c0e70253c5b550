package dev.tether.diagnosis.internal;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.spi.DiagnosisProvider;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DiagnosisProvider}s on the class path, loaded once, asked in order until one finds a
 * cause. None (no {@code tether-doctor}) means no deeper diagnosis: the caller keeps its own
 * classification. Thread-safe.
 */
public final class DiagnosisProviders {
    private static final Logger LOG = LoggerFactory.getLogger(DiagnosisProviders.class);

    private DiagnosisProviders() {
    }

    /**
     * Asks each provider in turn; a provider that throws is skipped (logged at DEBUG).
     *
     * @return the first cause found, or empty when there is no provider or none finds a cause
     */
    public static Optional<Diagnosis> diagnose(RedisSettings settings, Duration timeout) {
        for (DiagnosisProvider provider : Loaded.PROVIDERS) {
            try {
                Optional<Diagnosis> found = provider.diagnose(settings, timeout);
                if (found.isPresent()) {
                    return found;
                }
            } catch (RuntimeException e) {
                LOG.debug("diagnosis provider {} failed: {}", provider.getClass().getName(), e.toString());
            }
        }
        return Optional.empty();
    }

    /** Whether any provider is on the class path. */
    public static boolean present() {
        return !Loaded.PROVIDERS.isEmpty();
    }

    /** Holder: the class path is scanned on first use, not when the connection class loads. */
    private static final class Loaded {
        static final List<DiagnosisProvider> PROVIDERS = ServiceLoader.load(DiagnosisProvider.class,
                        DiagnosisProviders.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }
}
