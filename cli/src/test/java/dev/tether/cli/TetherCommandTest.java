package dev.tether.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The root command: subcommands are registered lazily, yet every way of asking for help still lists or finds them. */
class TetherCommandTest {
    private static final String[] SUBCOMMANDS = {"help", "scan", "config", "doctor", "toxiproxy", "demo"};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tether(String... args) {
        return TetherCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), dir, Map.of(), args);
    }

    @Test
    void helpListsEverySubcommand() {
        assertThat(tether("--help")).isZero();
        assertThat(out.toString()).contains(SUBCOMMANDS);
    }

    @Test
    void noArgumentsPrintsTheUsageWithEverySubcommand() {
        tether();
        assertThat(out.toString()).startsWith("Usage: tether").contains(SUBCOMMANDS);
    }

    @Test
    void helpWithASubcommandPrintsThatSubcommandsUsage() {
        assertThat(tether("help", "doctor")).isZero();
        assertThat(out.toString()).startsWith("Usage: tether doctor").contains("--timeout");
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        assertThat(tether("confg")).isEqualTo(TetherCommand.USAGE);
        assertThat(err.toString()).startsWith("error USAGE:").contains("'confg'");
    }

    @Test
    void rootOptionsBeforeTheSubcommandStillFindIt() {
        assertThat(tether("--verbose", "config", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: tether config");
    }
}
