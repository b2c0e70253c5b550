package dev.tether.cli;

import dev.tether.cli.demo.DemoRunner;
import dev.tether.cli.demo.DemoSummary;
import dev.tether.cli.internal.DurationConverter;
import dev.tether.cli.internal.Json;
import dev.tether.config.ConfigResolution;
import dev.tether.config.RedisSettings;
import dev.tether.config.SettingKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tether demo}: shows the shared connection and the example worker riding out a reset, an
 * outage, latency and a stall, on a local redis-server behind a fault proxy. Needs nothing but a JDK.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a local Redis behind a fault proxy, run the example worker on one shared connection, inject a reset, "
                + "a 3 s outage, latency and a stall, and show it recover live. Your .env is read (timeouts, client name); "
                + "the URL points at the local proxy.",
                "With --json, the live output goes to stderr.",
                "Exit codes: 0 every fault recovered and no job lost, 1 otherwise, 2 invalid config or arguments."})
final class DemoCommand implements Callable<Integer> {
    /** The command timeout when the user's config sets none: short, so the script is too. */
    static final Duration DEMO_COMMAND_TIMEOUT = Duration.ofSeconds(1);

    @Option(names = "--duration", paramLabel = "D", defaultValue = "40s", converter = DurationConverter.class,
            description = "Upper bound for the run once Redis, the proxy and the workers are up (default: ${DEFAULT-VALUE}; "
                    + "the script takes about 25 s of it).")
    Duration duration;

    @Mixin
    JsonOption json;

    private final Cli cli;

    DemoCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        // The normal resolution (environment, .env, Doppler...), with the URL replaced: the demo talks to its own Redis.
        Map<String, String> environment = new HashMap<>(cli.environment());
        environment.put(SettingKey.URL.envName(), "redis://127.0.0.1:6379");
        environment.put(SettingKey.TLS.envName(), "false");
        ConfigResolution resolution = cli.config().environment(environment).build().resolve();
        if (!resolution.isValid()) {
            cli.err().println("tether demo reads your settings (except the URL) and they have problems:");
            ConfigCommand.printProblems(resolution.problems(), cli.err());
            cli.err().flush();
            return ExitCode.INVALID.code();
        }
        boolean userTimeout = resolution.value(SettingKey.COMMAND_TIMEOUT).filter(v -> !v.isDefault()).isPresent();
        RedisSettings settings = resolution.requireValid();
        if (!userTimeout) {
            settings = settings.toBuilder().commandTimeout(DEMO_COMMAND_TIMEOUT).build();
        }
        Duration minimum = DemoRunner.Plan.of(settings.commandTimeout(), duration).minimum();
        if (duration.compareTo(minimum) < 0) {
            return cli.fail(ExitCode.INVALID.code(), "USAGE", "--duration " + duration.toMillis() + " ms is too short for the fault script with a "
                    + settings.commandTimeout().toMillis() + " ms command timeout", "give --duration " + (minimum.toSeconds() + 1) + "s or more");
        }
        resolution.values().stream().filter(v -> !v.isDefault() && !v.key().equals(SettingKey.URL.envName()) && !v.key().equals(SettingKey.TLS.envName()))
                .forEach(v -> progress().println("config: " + v.key() + "=" + v.displayValue() + " from " + v.source()));

        DemoSummary summary = new DemoRunner(settings, !userTimeout, duration, !json.json && System.console() != null, progress()).run();
        if (json.json) {
            cli.out().println(Json.write(summary.toJson()));
        } else {
            cli.out().println();
            summary.print(cli.out());
        }
        cli.out().flush();
        return (summary.ok() ? ExitCode.OK : ExitCode.PROBLEM_FOUND).code();
    }

    private java.io.PrintWriter progress() {
        return json.json ? cli.err() : cli.out();
    }
}
