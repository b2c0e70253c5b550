package dev.tether.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print one JSON object instead of text (picocli mixin). */
final class JsonOption {
    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;
}
