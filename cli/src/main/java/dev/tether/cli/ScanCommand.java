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
 * <p>Exit codes: 0 nothing found and every text file read, 1 something found, 2 bad arguments
 * ({@code SCAN_PATH_MISSING}), 3 nothing found but some files could not be read (too large or
 * unreadable: the scan is incomplete). A summary line on stderr always says what was scanned, skipped
 * (binary, too large, unreadable, {@code .tetherignore}) and how many symbolic links were not followed.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {
            "Find credentials committed to files: URLs with a password (any scheme, any length; redis://PASSWORD@host too),",
            "broken pasted Redis URLs, Doppler tokens (also base64-encoded), requirepass/masterauth/ACL >password,",
            "--requirepass and redis-cli -a, .auth(\"...\")/setPassword(\"...\") literals, and secret-named keys",
            "(*password, pass, pwd, auth, dsn, private, *secret, *token, *key, credential...) given a literal value.",
            "References ($${VAR}, $${{ secrets.X }}) and placeholders (****, <password>, changeme, your-...) are not reported.",
            "A line with tether:ignore reports nothing; a .tetherignore (globs) at the top of a folder skips paths.",
            "Skips .git, target and node_modules folders, binary files and files over 4 MB (counted in the summary);",
            "reads UTF-8 and UTF-16; never follows a symbolic link inside a folder."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no credential found, every text file read", "1:credentials found", "2:bad arguments",
            "3:no credential found, but some files could not be read (too large or unreadable)"})
public final class ScanCommand implements Callable<Integer> {
    static final int CLEAN = 0;
    static final int FOUND = 1;
    static final int BAD_ARGUMENTS = 2;
    static final int INCOMPLETE = 3;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to scan.")
    private List<Path> paths = new ArrayList<>();

    @Option(names = "--json", description = "Print {\"findings\":[{\"path\",\"line\",\"kind\",\"match\"}],\"count\":N,\"filesScanned\":N,\"filesUnread\":N,...}.")
    private boolean json;

    @Option(names = "--secret-key", paramLabel = "NAME",
            description = "Also treat keys with this name as secrets (repeatable; * matches any run; adds to TETHER_SECRET_KEYS).")
    private List<String> secretKeys = new ArrayList<>();

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
        List<String> names = new ArrayList<>(secretKeys);
        String fromEnv = System.getenv("TETHER_SECRET_KEYS");
        if (fromEnv != null) {
            names.add(fromEnv);
        }
        CredentialScanner.Result result = new CredentialScanner(String.join(",", names)).scan(paths);
        result.notes().forEach(note -> err.println("note: " + note));
        err.println(result.summary());
        err.flush();
        if (json) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("findings", result.findings().stream().map(Finding::toMap).toList());
            report.put("count", result.findings().size());
            report.put("filesScanned", result.filesScanned());
            report.put("filesUnread", result.filesUnread());
            report.put("binaryFiles", result.binaryFiles());
            report.put("linksNotFollowed", result.linksNotFollowed());
            report.put("ignoredFiles", result.ignoredFiles());
            out.println(Json.write(report));
        } else {
            result.findings().forEach(out::println);
        }
        out.flush();
        return !result.findings().isEmpty() ? FOUND : result.complete() ? CLEAN : INCOMPLETE;
    }
}
