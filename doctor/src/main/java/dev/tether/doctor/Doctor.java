package dev.tether.doctor;

import dev.tether.config.Arguments;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.doctor.internal.Diagnose;

import java.time.Duration;

/**
 * Checks, step by step, that a Redis server is reachable and usable with the given settings: DNS
 * (every address), TCP connect, TLS handshake (when TLS), AUTH/HELLO, PING, {@code INFO server},
 * {@code INFO clients} and a latency sample of 20 PINGs. Each step is timed and bounded by the
 * timeout; the first failing step stops the run with a {@link Diagnosis} whose code is the one
 * the shared connection's own classification gives for the same cause.
 *
 * <p>Then the mode's checks ({@link RedisSettings#mode()}): standalone, that the server is a primary
 * and no cluster node; cluster (also a cluster node found in auto mode), {@code cluster_state}, that
 * every slot has a live primary, replicas per primary, and every other seed and every node address the
 * cluster announces, reached from here; Sentinel, every sentinel asked for the primary and its quorum,
 * their agreement, then the primary itself.
 *
 * <p>On the class path, the doctor is also the shared connection's
 * {@link dev.tether.diagnosis.spi.DiagnosisProvider}: when the bootstrap gives up, its diagnosis is the
 * one the {@code RedisUnavailableException} carries.
 *
 * <p>Uses its own short-lived plain socket (RESP over TCP/TLS), never the shared connection; nothing
 * it reports contains a credential. Thread-safe: runs are independent.
 */
public final class Doctor {
    /** The per-step timeout {@code tether doctor} uses when none is given. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private Doctor() {
    }

    /**
     * Runs every step against the server the settings point to, stopping at the first failure.
     * Blocks for at most about one {@code timeout} per step (8 steps and the mode's, about 6 per further
     * node of a cluster or sentinel; a failing run stops early).
     *
     * @param settings validated settings; not null
     * @param timeout  the bound of each step; positive
     * @return the report; never throws for a connection problem (that is a failed step)
     * @throws IllegalArgumentException if settings is null or timeout is null or not positive
     */
    public static DoctorReport run(RedisSettings settings, Duration timeout) {
        return Diagnose.run(Arguments.notNull(settings, "settings"), Arguments.positive(timeout, "timeout"));
    }
}
