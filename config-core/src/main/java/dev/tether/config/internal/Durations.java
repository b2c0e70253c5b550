package dev.tether.config.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 1m}, {@code PT2S}. A bare number has no unit and is refused. */
final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** The duration, or empty when the text is not one of the accepted forms or not positive. */
    static Optional<Duration> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        Duration d;
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            double nanos = amount * nanosPerUnit;
            if (nanos > 1e18) {
                return Optional.empty();
            }
            d = Duration.ofNanos(Math.round(nanos));
        } else if (t.startsWith("pt") || t.startsWith("p")) {
            try {
                d = Duration.parse(text.strip());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        return d.isZero() || d.isNegative() ? Optional.empty() : Optional.of(d);
    }
}
