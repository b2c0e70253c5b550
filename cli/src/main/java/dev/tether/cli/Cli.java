package dev.tether.cli;

import dev.tether.config.Redactor;

import java.io.PrintWriter;
import dev.tether.config.ConfigResolution;
import dev.tether.config.TetherConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every subcommand shares: where to print, the working directory (the caller's, for
 * {@code .env} lookup) and the one-line error format {@code error CODE: message (hint: ...)}.
 */
final class Cli {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Path workingDirectory;
    private final Map<String, String> environment;

    Cli(PrintWriter out, PrintWriter err, Path workingDirectory, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
    }

    /** The environment the settings are resolved from (the process's, or a test's). */
    Map<String, String> environment() {
        return environment;
    }

    /** A config builder over this invocation's environment and working directory. */
    TetherConfig.Builder config() {
        return TetherConfig.builder().environment(environment).workingDirectory(workingDirectory);
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /**
     * Resolves the settings, reading {@code envFile} (relative to the working directory) instead of
     * {@code ./.env} when given. Returns {@code null} after printing the error line when the file
     * does not exist.
     */
    ConfigResolution resolve(Path envFile) {
        TetherConfig.Builder builder = config();
        if (envFile != null) {
            Path file = workingDirectory.resolve(envFile);
            if (!Files.isRegularFile(file)) {
                fail(ExitCode.INVALID.code(), "ENV_FILE_MISSING", "--env-file " + envFile + " does not exist or is not a file",
                        "give the path of a .env file, relative to " + workingDirectory);
                return null;
            }
            builder.dotEnvFile(file);
        }
        return builder.build().resolve();
    }

    /** Prints one redacted error line and returns {@code exitCode}. */
    int fail(int exitCode, String code, String message, String hint) {
        err.println("error " + code + ": " + Redactor.redact(message) + (hint == null || hint.isEmpty() ? "" : " (hint: " + Redactor.redact(hint) + ")"));
        err.flush();
        return exitCode;
    }
}
