package dev.tether.diagnosis.spi;

import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;

import java.time.Duration;
import java.util.Optional;

/**
 * A deeper look at why a Redis server cannot be used, asked for once when the shared connection's
 * bootstrap gives up. Found with {@link java.util.ServiceLoader} (register the implementation in
 * {@code META-INF/services/dev.tether.diagnosis.spi.DiagnosisProvider}); the module
 * {@code tether-doctor} provides one that checks DNS, TCP, TLS, AUTH and PING step by step. With no
 * provider on the class path the connection reports what its own failure classification found.
 *
 * <p>Implementations must be thread-safe, must not use the shared connection, must bound their work
 * by the timeout and must never put a credential in a diagnosis. Codes should agree with
 * {@link Classification} for the same cause.
 */
public interface DiagnosisProvider {

    /**
     * Diagnoses the server the settings point to.
     *
     * @param settings the connection's settings; not null
     * @param timeout  the bound of each step the provider takes; positive
     * @return why the server cannot be used, or empty when the provider finds nothing wrong
     */
    Optional<Diagnosis> diagnose(RedisSettings settings, Duration timeout);
}
