package dev.tether.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --env-file FILE}, shared by the commands that resolve the settings (picocli mixin). */
final class EnvFileOption {
    @Option(names = "--env-file", paramLabel = "FILE", description = "The .env file to read (default: ./.env).")
    Path envFile;
}
