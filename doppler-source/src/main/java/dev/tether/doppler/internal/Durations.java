package dev.tether.doppler.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration spellings tether accepts: {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}, ISO-8601 {@code PT2S}, or bare seconds. */
final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private Durations() {
    }

    /** The duration, or {@code null} when the text is not one. */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code 3h 12m}, {@code 45s}, {@code 1.5s}, {@code 820ms}: the two largest units, for log lines. */
    static String human(Duration d) {
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
