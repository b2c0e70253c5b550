package dev.tether.cli.internal;

import dev.tether.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads a duration option in tether's one grammar ({@link Durations}: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code PT2S}); positive only. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return Durations.tryParse(value).orElseThrow(() -> new TypeConversionException(Durations.problem(value)));
    }
}
