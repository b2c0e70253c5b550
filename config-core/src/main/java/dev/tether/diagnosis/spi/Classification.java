package dev.tether.diagnosis.spi;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.internal.FailureClassifier;

/**
 * The connection's own failure classification, for {@link DiagnosisProvider} implementations, so that
 * one cause gets one {@link DiagnosisCode} whether a provider finds it or the connection does.
 * Stateless and thread-safe; every message is redacted.
 */
public final class Classification {
    private Classification() {
    }

    /**
     * Names the cause of what a driver or the JDK threw, walking the cause chain.
     *
     * @param failure what was thrown; not null
     * @param tls     whether the client used TLS (a reset means something else with and without it)
     * @return the diagnosis, {@link DiagnosisCode#UNKNOWN} when no rule matches
     * @throws IllegalArgumentException if failure is null
     */
    public static Diagnosis ofFailure(Throwable failure, boolean tls) {
        return FailureClassifier.classify(failure, tls);
    }

    /**
     * Names the cause of a Redis error reply ({@code NOAUTH ...}, {@code WRONGPASS ...}).
     *
     * @param error the reply text, without the leading {@code -}
     * @return the diagnosis, {@link DiagnosisCode#UNKNOWN} when the reply is not one tether knows
     */
    public static Diagnosis ofReply(String error) {
        return FailureClassifier.classifyReply(error);
    }
}
