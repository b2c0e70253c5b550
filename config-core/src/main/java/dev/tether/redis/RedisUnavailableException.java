package dev.tether.redis;

import dev.tether.diagnosis.Diagnosis;
import io.lettuce.core.RedisException;

/** The connection could not be established within the bootstrap budget; carries the diagnosis of why. */
public class RedisUnavailableException extends RedisException {
    private final transient Diagnosis diagnosis;

    public RedisUnavailableException(String message, Diagnosis diagnosis, Throwable cause) {
        super(message + (diagnosis == null ? "" : ": " + diagnosis), cause);
        this.diagnosis = diagnosis;
    }

    /** Why the connection failed, or {@code null} when no attempt was made. */
    public Diagnosis diagnosis() {
        return diagnosis;
    }
}
