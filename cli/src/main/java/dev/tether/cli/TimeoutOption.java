package dev.tether.cli;

import dev.tether.cli.internal.DurationConverter;
import dev.tether.config.Durations;
import dev.tether.doctor.Doctor;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --timeout D}, the bound of each network step, in tether's duration grammar (picocli mixin). */
final class TimeoutOption {
    @Option(names = "--timeout", paramLabel = "D", converter = DurationConverter.class,
            description = "Bound of each step: " + Durations.EXAMPLES + ". Default: 5s.")
    Duration timeout = Doctor.DEFAULT_TIMEOUT;
}
