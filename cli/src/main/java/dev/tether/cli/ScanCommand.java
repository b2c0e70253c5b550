package dev.tether.cli;

import dev.tether.cli.internal.Json;
import dev.tether.cli.scan.CredentialScanner;
import dev.tether.cli.scan.Finding;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tether scan PATH...}: reports credentials committed to files (URL passwords, Doppler tokens,
 * literal values of secret-named keys), one {@code path:line: kind: <redacted match>} line each, or
 * one JSON object with {@code --json}. The secret itself is never printed.
 *
 * <p>Exit codes: 0 nothing found, 1 something found, 2 bad arguments ({@code SCAN_PATH_MISSING}).
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {
            "Find credentials committed to files: URLs with a password (any scheme, any length), Doppler tokens,",
            "and secret-named keys (*password, *secret, *token, *key, *credentials*) given a literal value.",
            "References ($${VAR}) and placeholders (****, <password>, changeme, your-...) are not reported.",
            "Skips .git, target and node_modules folders, binary files and files over 4 MB."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no credential found", "1:credentials found", "2:bad arguments"})
public final class ScanCommand implements Callable<Integer> {
    static final int CLEAN = 0;
    static final int FOUND = 1;
    static final int BAD_ARGUMENTS = 2;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to scan.")
    private List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print {\"findings\":[{\"path\",\"line\",\"kind\",\"match\"}],\"count\":N}.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> missing = paths.stream().filter(p -> !Files.exists(p)).toList();
        if (!missing.isEmpty()) {
            missing.forEach(p -> err.println("SCAN_PATH_MISSING: no such file or folder: " + p
                    + " (hint: pass existing files or folders, e.g. `tether scan .`)"));
            err.flush();
            return BAD_ARGUMENTS;
        }
        CredentialScanner.Result result = new CredentialScanner().scan(paths);
        result.notes().forEach(note -> err.println("note: " + note));
        err.flush();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("findings", result.findings().stream().map(Finding::toMap).toList());
            report.put("count", result.findings().size());
            out.println(Json.write(report));
        } else {
            result.findings().forEach(out::println);
        }
        out.flush();
        return result.findings().isEmpty() ? CLEAN : FOUND;
    }
}
