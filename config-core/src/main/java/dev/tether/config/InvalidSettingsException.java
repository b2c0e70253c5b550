package dev.tether.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when settings have error-severity problems. Carries every problem, not the first only;
 * the message lists them, redacted.
 */
public final class InvalidSettingsException extends RuntimeException {
    private final transient List<Problem> problems;

    public InvalidSettingsException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, errors and warnings. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        return "invalid Redis settings:\n  " + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  "));
    }
}
