package dev.tether.cli.demo.queue;

import java.util.Objects;
import java.util.UUID;

/**
 * A unit of work. The {@code id} is the job's identity for idempotency: the same id submitted twice
 * (a producer retry) is one job, and its result is recorded once.
 *
 * @param id      unique job id, chosen by the producer
 * @param payload the job's input
 */
public record Job(String id, String payload) {
    public Job {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        Objects.requireNonNull(payload, "payload");
    }

    /** A job with a random id. */
    public static Job of(String payload) {
        return new Job(UUID.randomUUID().toString(), payload);
    }
}
