package dev.tether.doctor.internal;

import java.io.IOException;

/** The peer's bytes are not RESP; the message quotes (at most) its first line. */
final class NotRedisException extends IOException {
    NotRedisException(String message) {
        super(message);
    }
}
