package dev.tether.cli;

import dev.tether.cli.internal.Json;
import dev.tether.config.ConfigResolution;
import dev.tether.config.Problem;
import dev.tether.config.RedisSettings;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.doctor.Doctor;
import dev.tether.doctor.DoctorReport;
import dev.tether.doctor.DoctorStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tether doctor}: resolves the settings, then checks the server step by step. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Resolve the settings, then check DNS, TCP, TLS, AUTH, PING, server info and latency; each step timed, "
                + "a code, a cause and a hint on failure.",
                "Exit codes: 0 healthy, 1 a step failed, 2 invalid config."})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    JsonOption json;

    @Mixin
    TimeoutOption timeout;

    @Mixin
    EnvFileOption envFile;

    private final Cli cli;

    DoctorCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        ConfigResolution resolution = cli.resolve(envFile.envFile);
        if (resolution == null) {
            return ExitCode.INVALID.code();
        }
        PrintWriter out = cli.out();
        if (!resolution.isValid()) {
            if (json.json) {
                out.println(Json.write(toJson(null, resolution.problems())));
            } else {
                ConfigCommand.printProblems(resolution.problems(), out);
                out.println("invalid config: the doctor did not run (see tether config)");
            }
            out.flush();
            return ExitCode.INVALID.code();
        }
        RedisSettings settings = resolution.requireValid();
        if (!json.json) {
            out.println("tether doctor " + settings.redactedUri() + " (timeout " + timeout.timeout.toMillis() + " ms per step)");
            if (!resolution.problems().isEmpty()) {
                ConfigCommand.printProblems(resolution.problems(), out);
            }
            out.flush();
        }
        DoctorReport report = Doctor.run(settings, timeout.timeout);
        if (json.json) {
            out.println(Json.write(toJson(report, resolution.problems())));
        } else {
            printText(report, out);
        }
        out.flush();
        return (report.healthy() ? ExitCode.OK : ExitCode.PROBLEM_FOUND).code();
    }

    private static void printText(DoctorReport report, PrintWriter out) {
        int nameWidth = report.steps().stream().mapToInt(s -> s.name().length()).max().orElse(4);
        for (DoctorStep step : report.steps()) {
            String line = String.format(Locale.ROOT, "%s %-" + nameWidth + "s %6d ms  %s", step.ok() ? "✔" : "✘", step.name(),
                    step.millis(), step.ok() ? step.detail() : "");
            out.println(line.stripTrailing());
        }
        if (report.failure().isPresent()) {
            Diagnosis d = report.failure().get();
            out.println();
            out.println(d.code() + ": " + d.message());
            out.println("hint: " + d.hint());
        } else {
            out.println();
            out.println("healthy");
        }
    }

    private static Map<String, Object> toJson(DoctorReport report, List<Problem> problems) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("healthy", report != null && report.healthy());
        List<Object> steps = new ArrayList<>();
        if (report != null) {
            for (DoctorStep s : report.steps()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", s.name());
                m.put("ok", s.ok());
                m.put("millis", s.millis());
                m.put("detail", s.detail());
                steps.add(m);
            }
        }
        root.put("steps", steps);
        Diagnosis d = report == null ? null : report.failure().orElse(null);
        if (d == null) {
            root.put("failure", null);
        } else {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("code", d.code().name());
            failure.put("message", d.message());
            failure.put("hint", d.hint());
            root.put("failure", failure);
        }
        if (!problems.isEmpty()) {
            root.put("problems", ConfigCommand.problemsJson(problems));
        }
        return root;
    }
}
