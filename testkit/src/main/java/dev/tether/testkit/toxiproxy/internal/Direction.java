package dev.tether.testkit.toxiproxy.internal;

import java.util.Locale;

/** The direction of a toxic: {@code upstream} is client to server, {@code downstream} server to client. */
enum Direction {
    UPSTREAM, DOWNSTREAM;

    /** Parses a stream name case-insensitively, as the real server does. */
    static Direction parse(String stream) throws ApiError {
        switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream": return UPSTREAM;
            case "downstream": return DOWNSTREAM;
            default: throw ApiError.INVALID_STREAM;
        }
    }
}
