package dev.tether.cli.scan;

import dev.tether.config.Redactor;
import dev.tether.config.CredentialSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds committed credentials in files and folders, using the same rules as {@link Redactor}:
 * <ul>
 *   <li>{@code url-password}: any {@code scheme://user:password@host} or {@code scheme://:password@host},
 *       whatever the password's length;</li>
 *   <li>{@code doppler-token}: Doppler tokens;</li>
 *   <li>{@code secret-assignment}: a secret-named key ({@link Redactor#isSecretKey(String)}) given a
 *       non-empty literal in {@code .env}, properties, YAML or JSON shape. In source code files
 *       ({@code .java}, {@code .py}, {@code .js}, …) only quoted string literals count, so that
 *       {@code password = getenv("X")} is not a finding.</li>
 * </ul>
 * References ({@code ${REDIS_PASSWORD}}) and placeholders ({@code ****}, {@code <password>},
 * {@code changeme}) are not findings; see {@link LiteralValues}. When a secret-named key holds a URL
 * or a Doppler token, the more specific kind is reported once.
 *
 * <p>Skipped: folders named {@code .git}, {@code target}, {@code node_modules} below a scanned path;
 * binary files (a NUL byte in the first 8 KB); files over {@link #MAX_FILE_BYTES} (reported as a
 * note); symbolic links below a scanned path are not followed. Files are read as UTF-8, malformed bytes replaced.
 *
 * <p>A finding's match is masked before it leaves this class. Not thread-safe to share across
 * concurrent scans; cheap to create.
 */
public final class CredentialScanner {
    /** Files larger than this are skipped (with a note): credentials live in small text files. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    private static final int BINARY_PROBE_BYTES = 8192;
    private static final int MAX_MATCH_CHARS = 240;
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of(
            "java", "kt", "kts", "scala", "groovy", "py", "rb", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "rs",
            "cs", "php", "swift", "c", "h", "cc", "cpp", "hpp", "m", "dart", "lua");

    private final List<Finding> findings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** The findings and notes of a scan, findings ordered by path and line. */
    public record Result(List<Finding> findings, List<String> notes) {
    }

    /** Scans each path (file or folder, which must exist) and returns everything found. */
    public Result scan(List<Path> paths) {
        for (Path path : paths) {
            walk(path);
        }
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line));
        return new Result(List.copyOf(findings), List.copyOf(notes));
    }

    private void walk(Path root) {
        try {
            // a path the user named is followed even when it is a link; links met inside are not
            Set<FileVisitOption> options = Files.isSymbolicLink(root)
                    ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
                    : EnumSet.noneOf(FileVisitOption.class);
            Files.walkFileTree(root, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    boolean skipped = !dir.equals(root) && dir.getFileName() != null
                            && SKIPPED_DIRS.contains(dir.getFileName().toString());
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        scanFile(file, attrs.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    notes.add("SCAN_FILE_UNREADABLE: " + file + ": " + e.getClass().getSimpleName());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            notes.add("SCAN_FILE_UNREADABLE: " + root + ": " + e.getClass().getSimpleName());
        }
    }

    private void scanFile(Path file, long size) {
        if (size > MAX_FILE_BYTES) {
            notes.add("SCAN_FILE_SKIPPED: " + file + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB");
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            notes.add("SCAN_FILE_UNREADABLE: " + file + ": " + e.getClass().getSimpleName());
            return;
        }
        if (isBinary(bytes)) {
            return;
        }
        findings.addAll(scanText(file.toString(), new String(bytes, StandardCharsets.UTF_8)));
    }

    private static boolean isBinary(byte[] bytes) {
        int probe = Math.min(bytes.length, BINARY_PROBE_BYTES);
        for (int i = 0; i < probe; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The findings in {@code text}, reported under {@code path} (whose extension decides the source-code rule). */
    public static List<Finding> scanText(String path, String text) {
        List<CredentialSpan> spans = Redactor.findCredentials(text);
        boolean sourceCode = SOURCE_EXTENSIONS.contains(extension(path));
        List<CredentialSpan> assignments = new ArrayList<>();
        for (CredentialSpan span : spans) {
            if (span.kind() == CredentialSpan.Kind.SECRET_ASSIGNMENT && !isBareKeyNamedKey(text, span) && isLiteralAssignment(text, span, sourceCode)
                    && spans.stream().noneMatch(s -> s.kind() == CredentialSpan.Kind.DOPPLER_TOKEN && overlaps(s, span))) {
                assignments.add(span);
            }
        }
        LineIndex lines = new LineIndex(text);
        List<Finding> out = new ArrayList<>();
        for (CredentialSpan span : spans) {
            boolean reported = switch (span.kind()) {
                case DOPPLER_TOKEN -> true;
                case SECRET_ASSIGNMENT -> assignments.contains(span);
                // a URL that is the value of a reported secret-named key is reported once, as that assignment
                case URL_PASSWORD -> LiteralValues.isLiteral(span.secret(text))
                        && assignments.stream().noneMatch(a -> encloses(a, span));
            };
            if (reported) {
                String match = Redactor.mask(text, masksFor(span, spans, assignments), span.start(), span.end());
                out.add(new Finding(path, lines.lineOf(span.start()), span.kind().label(), displayable(match)));
            }
        }
        return out;
    }

    /**
     * The spans to mask in {@code span}'s match. All of them, except the value of a secret-named key
     * that encloses a token or URL and is not itself reported: the token's or URL's own rule then masks
     * exactly its secret, so the match reads {@code dp.st.prd.****} rather than {@code ****}. A reported
     * value stays masked whole, because the whole value is the secret.
     */
    private static List<CredentialSpan> masksFor(CredentialSpan span, List<CredentialSpan> all, List<CredentialSpan> reportedAssignments) {
        if (span.kind() == CredentialSpan.Kind.SECRET_ASSIGNMENT) {
            return all;
        }
        return all.stream()
                .filter(s -> s.kind() != CredentialSpan.Kind.SECRET_ASSIGNMENT || !encloses(s, span)
                        || (span.kind() == CredentialSpan.Kind.URL_PASSWORD && reportedAssignments.contains(s)))
                .toList();
    }

    /**
     * A key named just {@code key} ({@code "key":"REDIS_URL"}, a cache or map entry) names an
     * identifier far more often than a secret; {@code api_key}, {@code privateKey} still count.
     */
    private static boolean isBareKeyNamedKey(String text, CredentialSpan span) {
        int i = span.start();
        if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            i++;
        }
        return text.regionMatches(true, i, "key", 0, 3)
                && (i + 3 >= text.length() || !Character.isLetterOrDigit(text.charAt(i + 3)) && text.charAt(i + 3) != '_');
    }

    private static boolean isLiteralAssignment(String text, CredentialSpan span, boolean sourceCode) {
        boolean quoted = span.secretStart() > 0 && isQuote(text.charAt(span.secretStart() - 1));
        String secret = span.secret(text);
        String value = quoted ? secret : LiteralValues.withoutTrailingComment(secret);
        return (quoted || !sourceCode) && LiteralValues.isLiteral(value);
    }

    /** Whether {@code outer}'s secret covers all of {@code inner}'s match. */
    private static boolean encloses(CredentialSpan outer, CredentialSpan inner) {
        return outer.secretStart() <= inner.start() && outer.secretEnd() >= inner.end();
    }

    private static boolean overlaps(CredentialSpan a, CredentialSpan b) {
        return a.secretStart() < b.secretEnd() && a.secretEnd() > b.secretStart();
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** One line, bounded length: line breaks inside a (masked) multi-line match are shown as {@code \n}. */
    private static String displayable(String match) {
        String oneLine = match.replace("\r", "\\r").replace("\n", "\\n");
        return oneLine.length() <= MAX_MATCH_CHARS ? oneLine : oneLine.substring(0, MAX_MATCH_CHARS) + "…";
    }

    private static String extension(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Maps character offsets to 1-based line numbers. */
    private static final class LineIndex {
        private final int[] lineStarts;

        LineIndex(String text) {
            int[] starts = new int[16];
            int count = 1;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    if (count == starts.length) {
                        starts = Arrays.copyOf(starts, count * 2);
                    }
                    starts[count++] = i + 1;
                }
            }
            lineStarts = Arrays.copyOf(starts, count);
        }

        int lineOf(int offset) {
            int i = Arrays.binarySearch(lineStarts, offset);
            return (i >= 0 ? i : -i - 2) + 1;
        }
    }
}
