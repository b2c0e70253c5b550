package dev.tether.cli.scan;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Turns a file's bytes into text: UTF-8 (a byte order mark skipped), UTF-16 with a byte order mark or
 * without one when the NULs say so (every other byte zero, as in ASCII text written by Windows tools),
 * or {@code null} for binary content (a NUL byte that is not UTF-16's). Stateless.
 */
final class TextDecoding {
    private static final int PROBE_BYTES = 8192;

    private TextDecoding() {
    }

    /** The text, or {@code null} when the bytes are binary. */
    static String decode(byte[] bytes) {
        int n = bytes.length;
        if (n >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            return new String(bytes, 2, n - 2, StandardCharsets.UTF_16LE);
        }
        if (n >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            return new String(bytes, 2, n - 2, StandardCharsets.UTF_16BE);
        }
        if (n >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return new String(bytes, 3, n - 3, StandardCharsets.UTF_8);
        }
        int probe = Math.min(n, PROBE_BYTES);
        int zerosEven = 0;
        int zerosOdd = 0;
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) {
                if ((i & 1) == 0) {
                    zerosEven++;
                } else {
                    zerosOdd++;
                }
            }
        }
        if (zerosEven + zerosOdd == 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        int half = probe / 2;
        Charset utf16 = zerosOdd > half * 9 / 10 && zerosEven == 0 ? StandardCharsets.UTF_16LE
                : zerosEven > half * 9 / 10 && zerosOdd == 0 ? StandardCharsets.UTF_16BE : null;
        return utf16 == null ? null : new String(bytes, utf16);
    }
}
