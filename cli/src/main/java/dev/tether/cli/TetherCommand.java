package dev.tether.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tether} command. Subcommands: config, doctor, scan, toxiproxy, demo. */
@Command(name = "tether", mixinStandardHelpOptions = true, version = "tether 0.1.0",
        description = "Diagnose and prove a Redis connection.",
        subcommands = {CommandLine.HelpCommand.class, ScanCommand.class})
public final class TetherCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new TetherCommand()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
