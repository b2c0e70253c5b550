package dev.tether.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of tether, used by every setting ({@code REDIS_COMMAND_TIMEOUT},
 * {@code DOPPLER_TIMEOUT}) and every CLI option ({@code --timeout}, {@code --duration}):
 * <ul>
 *   <li>a number with a unit: {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m},
 *       {@code h}; decimals allowed ({@code 1.5s}); case and a space before the unit ignored;</li>
 *   <li>or ISO-8601 ({@code PT2S}, {@code PT1M30S});</li>
 *   <li>positive, at most about 292 years.</li>
 * </ul>
 * A bare number ({@code 5}) is refused: it is not clear whether it means seconds or milliseconds.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {
    /** Examples of the grammar, for hints and help texts. */
    public static final String EXAMPLES = "500ms, 2s, 1.5s, 1m, 1h or PT2S";

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code text}.
     *
     * @return the duration, or empty when the text is null, not in the grammar or not positive
     */
    public static Optional<Duration> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = WITH_UNIT.matcher(t);
        Duration d;
        if (m.matches()) {
            double nanos = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            if (nanos > 9e18) {
                return Optional.empty();
            }
            d = Duration.ofNanos(Math.round(nanos));
        } else if (t.startsWith("p")) {
            try {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException e) {
                return Optional.empty();
            }
        } else {
            return Optional.empty();
        }
        return d.isZero() || d.isNegative() ? Optional.empty() : Optional.of(d);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text and the grammar when it is not a positive duration
     */
    public static Duration parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(problem(text)));
    }

    /**
     * Why {@code text} is not a duration, as one sentence with a fix ({@code '5' has no unit: write 5s or
     * 5ms}); for callers that report problems their own way.
     */
    public static String problem(String text) {
        String t = text == null ? "" : text.strip();
        if (t.matches("\\d+(\\.\\d+)?")) {
            return "'" + t + "' has no unit: write " + t + "s or " + t + "ms";
        }
        return "'" + t + "' is not a positive duration: write " + EXAMPLES;
    }

    /** {@code 3h 12m}, {@code 45s}, {@code 1.5s}, {@code 820ms}: the two largest units, for log lines. Negative shows as {@code 0ms}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.toSeconds() < 1) {
            return d.toMillis() + "ms";
        }
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + seconds + "s";
        }
        long tenths = d.toMillisPart() / 100;
        return seconds < 10 && tenths > 0 ? seconds + "." + tenths + "s" : seconds + "s";
    }
}
