package dev.tether.config;

/**
 * Implemented by exceptions a configuration source throws when it cannot load (e.g. Doppler
 * unreachable with no cached copy), so that tether reports them as a {@link Problem} with the
 * source's own stable code and hint. Messages must already be free of credentials.
 */
public interface ConfigSourceFailure {
    /** A stable code such as {@code DOPPLER_UNAUTHORIZED}. */
    String code();

    /** How to fix it. */
    String hint();
}
