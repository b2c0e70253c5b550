package dev.tether.cli;

import dev.tether.config.Redactor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** The {@code tether} command. Subcommands: config, doctor, scan, toxiproxy, demo. */
@Command(name = "tether", mixinStandardHelpOptions = true, version = "tether 0.1.0",
        description = "Resolve, validate, diagnose and prove a Redis connection.")
public final class TetherCommand implements Runnable {
    /** Exit code for bad arguments or an unexpected failure: {@link ExitCode#INVALID}. */
    static final int USAGE = ExitCode.INVALID.code();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of unexpected errors (redacted).")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Path.of(System.getProperty("user.dir")), System.getenv(), args));
    }

    /** Runs the command with the given streams and working directory; returns the exit code. */
    static int run(PrintWriter out, PrintWriter err, Path workingDirectory, Map<String, String> environment, String... args) {
        Cli cli = new Cli(out, err, workingDirectory, environment);
        TetherCommand root = new TetherCommand();
        CommandLine line = new CommandLine(root);
        Subcommands.register(line, cli, args);
        line.setOut(out).setErr(err);
        for (CommandLine command : line.getSubcommands().values()) {
            command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCode.helpList());
        }
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (root.verbose) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                err.println(Redactor.redact(trace.toString()));
            }
            return cli.fail(ExitCode.INVALID.code(), "UNEXPECTED", message, root.verbose ? null : "run with --verbose for details");
        });
        line.setParameterExceptionHandler((e, args1) -> {
            err.println("error USAGE: " + Redactor.redact(e.getMessage()) + " (hint: tether " + e.getCommandLine().getCommandName() + " --help)");
            err.flush();
            return ExitCode.INVALID.code();
        });
        return line.execute(args);
    }

    /** {@code tether} alone: the usage, with every subcommand (all are registered when none is named). */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
