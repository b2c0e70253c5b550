package dev.tether.doppler.internal;

import java.util.Map;

/** What one successful exchange with Doppler yielded. */
public sealed interface FetchResult {
    /** 200: the current secrets and their ETag (or {@code null}). */
    record Fresh(Map<String, String> secrets, String etag) implements FetchResult {
        @Override
        public String toString() {
            return "Fresh[" + secrets.size() + " names]";
        }
    }

    /** 304: the secrets have not changed since the ETag sent. */
    record NotModified() implements FetchResult {
    }
}
