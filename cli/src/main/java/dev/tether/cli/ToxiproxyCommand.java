package dev.tether.cli;

import dev.tether.testkit.toxiproxy.EmbeddedToxiproxy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tether toxiproxy}: the embedded Toxiproxy-compatible server in the foreground, for any
 * Toxiproxy client in any language, without Docker. Ctrl-C (SIGINT) or SIGTERM stops it with exit 0.
 */
@Command(name = "toxiproxy", mixinStandardHelpOptions = true,
        description = {"Run tether's embedded Toxiproxy-compatible server (HTTP API of Toxiproxy " + EmbeddedToxiproxy.VERSION
                + ") in the foreground. Ctrl-C stops it.", "Exit codes: 0 stopped, 2 could not listen."})
final class ToxiproxyCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = {
            "Address for the API (default: ${DEFAULT-VALUE}). The API answers only requests whose Host header is a "
                    + "loopback name or this host (against DNS rebinding); on a wildcard address (0.0.0.0, ::) also any IP "
                    + "address. Proxies created without a listen host stay on loopback unless this host is not loopback."})
    String host;

    @Option(names = "--port", defaultValue = "8474", description = "Port for the API; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    private final Cli cli;

    ToxiproxyCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            return cli.fail(TetherCommand.USAGE, "USAGE", "--port must be in 0..65535, was " + port, null);
        }
        EmbeddedToxiproxy server;
        try {
            server = EmbeddedToxiproxy.start(host, port);
        } catch (IOException e) {
            return cli.fail(TetherCommand.USAGE, "LISTEN_FAILED", "cannot listen on " + host + ":" + port + ": " + e.getMessage(),
                    "is another Toxiproxy running? try --port 0");
        }
        List<Runnable> restore = stopOn(server, "INT", "TERM");
        try {
            cli.out().println("Toxiproxy-compatible server (API " + EmbeddedToxiproxy.VERSION + ") listening on " + server.apiUrl());
            cli.out().println("Create proxies with any Toxiproxy client; Ctrl-C stops it.");
            if (!server.loopbackOnly()) {
                cli.out().println("Reachable from other machines: anyone who reaches " + host
                        + " can open proxies to any address this machine reaches.");
            }
            cli.out().flush();
            server.awaitClose();
            cli.out().println("stopped");
            cli.out().flush();
            return 0;
        } finally {
            server.close();
            restore.forEach(Runnable::run);
        }
    }

    /**
     * Ctrl-C is how this command is meant to end, so it is handled, not fatal: the signal closes the
     * server, {@link #call()} returns and the exit code is 0 (instead of the JVM's 130).
     */
    private static List<Runnable> stopOn(EmbeddedToxiproxy server, String... signals) {
        List<Runnable> restore = new ArrayList<>();
        for (String name : signals) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> server.close());
                restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not available on this platform (e.g. TERM on Windows): the JVM's default handling applies.
            }
        }
        return restore;
    }
}
