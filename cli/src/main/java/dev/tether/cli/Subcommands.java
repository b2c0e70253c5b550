package dev.tether.cli;

import picocli.CommandLine;

/**
 * The subcommands built with the invocation's {@link Cli}, registered lazily: picocli reflects over
 * every registered command's annotated fields before it parses anything, which was a third of
 * {@code tether config}'s start-up. When the arguments name a subcommand ({@code tether config},
 * {@code tether help doctor}), only that one (and {@code help}) is registered; otherwise
 * ({@code tether --help}, no or an unknown subcommand) all are, so that usage lists them and
 * picocli suggests names.
 */
final class Subcommands {
    private static final String[] NAMES = {"help", "scan", "config", "doctor", "toxiproxy", "demo"};

    private Subcommands() {
    }

    static void register(CommandLine line, Cli cli, String... args) {
        String first = positional(0, args);
        String wanted = "help".equals(first) ? positional(1, args) : first;
        boolean all = !known(wanted);
        for (String name : NAMES) {
            if (all || name.equals(wanted) || name.equals(first)) {
                line.addSubcommand(name, create(name, cli));
            }
        }
    }

    private static Object create(String name, Cli cli) {
        return switch (name) {
            case "help" -> new CommandLine.HelpCommand();
            case "scan" -> new ScanCommand();
            case "config" -> new ConfigCommand(cli);
            case "doctor" -> new DoctorCommand(cli);
            case "toxiproxy" -> new ToxiproxyCommand(cli);
            default -> new DemoCommand(cli);
        };
    }

    /** The index-th argument that is not an option (the root's options take no value), or {@code null}. */
    private static String positional(int index, String... args) {
        int seen = 0;
        for (String arg : args) {
            if (!arg.startsWith("-") && seen++ == index) {
                return arg;
            }
        }
        return null;
    }

    private static boolean known(String name) {
        for (String n : NAMES) {
            if (n.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
