package dev.tether.cli.scan;

import dev.tether.config.CredentialSpan;
import dev.tether.config.CredentialSpan.Kind;
import dev.tether.config.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds committed credentials in files and folders, using the same rules as {@link Redactor}:
 * <ul>
 *   <li>{@code url-password}: any {@code scheme://user:password@host} or {@code scheme://:password@host},
 *       and {@code redis://password@host} (Lettuce and redis-cli take a userinfo without {@code :} as
 *       the password), whatever the password's length;</li>
 *   <li>{@code malformed-url}: a pasted Redis URL too broken to parse that still carries userinfo
 *       ({@code redis:/:pw@h}, {@code user:pw@host:6379});</li>
 *   <li>{@code doppler-token}: Doppler tokens;</li>
 *   <li>{@code secret-assignment}: a secret-named key ({@link Redactor#isSecretKey(String)}, plus the
 *       user's own names) given a non-empty literal in {@code .env}, properties, YAML, JSON or
 *       Dockerfile {@code ENV} shape. In source code files ({@code .java}, {@code .py}, {@code .js},
 *       {@code .tf}, …) only quoted string literals count, so that {@code password = getenv("X")} and
 *       Terraform's {@code random_password.redis.result} are not findings;</li>
 *   <li>{@code secret-argument}: a string literal passed to {@code .auth(…)}, {@code setPassword(…)} and
 *       the like;</li>
 *   <li>{@code redis-directive}: {@code requirepass}, {@code masterauth}, ACL {@code >password},
 *       {@code --requirepass}, {@code redis-cli -a};</li>
 *   <li>{@code url-password-base64}, {@code doppler-token-base64}: the same inside a base64 value
 *       (a Kubernetes Secret's {@code data:}).</li>
 * </ul>
 * References ({@code ${REDIS_PASSWORD}}, {@code ${{ secrets.X }}}) and placeholders ({@code ****},
 * {@code <password>}, {@code changeme}) are not findings; see {@link LiteralValues}. A line holding
 * {@code tether:ignore} reports nothing; paths matched by a {@code .tetherignore} at the top of a
 * scanned folder are not read.
 *
 * <p>Skipped: folders named {@code .git}, {@code target}, {@code node_modules} below a scanned path;
 * binary files; files over {@link #MAX_FILE_BYTES}; unreadable files. Every skip is counted in
 * {@link Result} (the CLI prints a summary and exits non-zero when a text file went unread). Symbolic
 * links are never followed inside a scanned tree (a named path that is a link is resolved once).
 * Files are read as UTF-8 or UTF-16 (byte order mark or NUL pattern), malformed bytes replaced.
 *
 * <p>A finding's match is masked before it leaves this class. Every step is linear in the file's size.
 * Not thread-safe to share across concurrent scans; cheap to create.
 */
public final class CredentialScanner {
    /** Files larger than this are skipped (with a note): credentials live in small text files. */
    public static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    private static final int MAX_MATCH_CHARS = 240;
    private static final int MIN_BASE64 = 16;
    private static final String INLINE_IGNORE = "tether:ignore";
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of(
            "java", "kt", "kts", "scala", "groovy", "py", "rb", "js", "mjs", "cjs", "ts", "tsx", "jsx", "go", "rs",
            "cs", "php", "swift", "c", "h", "cc", "cpp", "hpp", "m", "dart", "lua", "tf", "hcl");

    private final Predicate<String> isSecretKey;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int filesScanned;
    private int filesUnread;
    private int binaryFiles;
    private int linksNotFollowed;
    private int ignoredFiles;

    /** The findings and notes of a scan, findings ordered by path and line, with what was not read. */
    public record Result(List<Finding> findings, List<String> notes, int filesScanned, int filesUnread,
                         int binaryFiles, int linksNotFollowed, int ignoredFiles) {

        /** Whether every text file reached was read (none too large or unreadable). */
        public boolean complete() {
            return filesUnread == 0;
        }

        /** One line: what was scanned, what was skipped and why, what was found. */
        public String summary() {
            return "scanned " + filesScanned + " file" + (filesScanned == 1 ? "" : "s")
                    + "; not read: " + filesUnread + " (too large or unreadable), " + binaryFiles + " binary, "
                    + ignoredFiles + " by " + IgnoreRules.FILE_NAME + "; " + linksNotFollowed + " symbolic link"
                    + (linksNotFollowed == 1 ? "" : "s") + " not followed; " + findings.size() + " finding"
                    + (findings.size() == 1 ? "" : "s");
        }
    }

    /** A scanner with the built-in secret-name rule. */
    public CredentialScanner() {
        this(null);
    }

    /** A scanner whose secret names also include {@code extraSecretKeys} (comma-separated, {@code *} globs). */
    public CredentialScanner(String extraSecretKeys) {
        this.isSecretKey = Redactor.secretKeys(extraSecretKeys);
    }

    /** Scans each path (file or folder, which must exist) and returns everything found. */
    public Result scan(List<Path> paths) {
        for (Path path : paths) {
            walk(path);
        }
        findings.sort(Comparator.comparing(Finding::path).thenComparingInt(Finding::line));
        return new Result(List.copyOf(findings), List.copyOf(notes), filesScanned, filesUnread, binaryFiles,
                linksNotFollowed, ignoredFiles);
    }

    private void walk(Path named) {
        Path root;
        try {
            // a path the user named is resolved once, even when it is a link; links met inside never are
            root = Files.isSymbolicLink(named) ? named.toRealPath() : named;
        } catch (IOException e) {
            unreadable(named, e);
            return;
        }
        IgnoreRules ignore = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) ? IgnoreRules.of(root) : IgnoreRules.of(Path.of("/nonexistent"));
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getFileName() != null && SKIPPED_DIRS.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (ignore.ignores(root.relativize(dir))) {
                        ignoredFiles++;
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path shown = root == named ? file : named.resolve(root.relativize(file));
                    if (attrs.isSymbolicLink()) {
                        linksNotFollowed++;
                        notes.add("SCAN_LINK_NOT_FOLLOWED: " + shown + ": symbolic links inside a scanned folder are never followed");
                    } else if (attrs.isRegularFile()) {
                        if (!file.equals(root) && ignore.ignores(root.relativize(file))) {
                            ignoredFiles++;
                        } else {
                            scanFile(file, shown, attrs.size());
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    unreadable(file, e);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            unreadable(named, e);
        }
    }

    private void unreadable(Path file, IOException e) {
        filesUnread++;
        notes.add("SCAN_FILE_UNREADABLE: " + file + ": " + e.getClass().getSimpleName());
    }

    private void scanFile(Path file, Path shown, long size) {
        if (size > MAX_FILE_BYTES) {
            filesUnread++;
            notes.add("SCAN_FILE_SKIPPED: " + shown + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MB");
            return;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            unreadable(shown, e);
            return;
        }
        String text = TextDecoding.decode(bytes);
        if (text == null) {
            binaryFiles++;
            return;
        }
        filesScanned++;
        findings.addAll(scanText(shown.toString(), text, isSecretKey));
    }

    /** The findings in {@code text}, reported under {@code path} (whose extension decides the source-code rule). */
    public static List<Finding> scanText(String path, String text) {
        return scanText(path, text, Redactor.secretKeys(null));
    }

    static List<Finding> scanText(String path, String text, Predicate<String> isSecretKey) {
        List<CredentialSpan> spans = Redactor.findCredentials(text, isSecretKey);
        boolean sourceCode = SOURCE_EXTENSIONS.contains(extension(path));
        List<List<CredentialSpan>> related = related(spans);
        boolean[] reportedAssignment = new boolean[spans.size()];
        for (int j = 0; j < spans.size(); j++) {
            CredentialSpan span = spans.get(j);
            reportedAssignment[j] = span.kind() == Kind.SECRET_ASSIGNMENT && !isBareKeyNamedKey(text, span)
                    && isLiteralAssignment(text, span, sourceCode)
                    && related.get(j).stream().noneMatch(s -> s.kind() == Kind.DOPPLER_TOKEN && overlaps(s, span));
        }
        LineIndex lines = new LineIndex(text);
        Set<Integer> ignored = ignoredLines(text, lines);
        List<Finding> out = new ArrayList<>();
        int lastReportedSecretEnd = -1;
        for (int j = 0; j < spans.size(); j++) {
            CredentialSpan span = spans.get(j);
            List<CredentialSpan> near = related.get(j);
            boolean reported = switch (span.kind()) {
                case DOPPLER_TOKEN -> true;
                case SECRET_ASSIGNMENT -> reportedAssignment[j];
                case SECRET_ARGUMENT, REDIS_DIRECTIVE -> LiteralValues.isLiteral(span.secret(text))
                        && near.stream().noneMatch(s -> s.kind() == Kind.DOPPLER_TOKEN);
                // a URL that is the value of a reported secret-named key is reported once, as that assignment
                case URL_PASSWORD -> LiteralValues.isLiteral(span.secret(text))
                        && near.stream().noneMatch(a -> isReportedAssignment(a, spans, reportedAssignment) && encloses(a, span));
                case MALFORMED_URL -> looksLikeRedis(text, span) && LiteralValues.isLiteral(lastPart(span.secret(text)))
                        && near.stream().noneMatch(a -> isReportedAssignment(a, spans, reportedAssignment) && encloses(a, span));
            };
            // one finding per secret: a second rule matching the same characters adds nothing
            if (reported && span.secretStart() >= lastReportedSecretEnd && !ignored.contains(lines.lineOf(span.start()))) {
                List<CredentialSpan> masks = masksFor(span, near, spans, reportedAssignment);
                String match = Redactor.mask(text, masks, span.start(), span.end());
                out.add(new Finding(path, lines.lineOf(span.start()), span.kind().label(), displayable(match)));
                lastReportedSecretEnd = span.secretEnd();
            }
        }
        out.addAll(base64Findings(path, text, lines, ignored, isSecretKey));
        out.sort(Comparator.comparingInt(Finding::line));
        return out;
    }

    /**
     * For each span, the spans whose match overlaps its own (it included), found by one sweep over the
     * spans sorted by start: linear in the number of spans plus overlapping pairs.
     */
    private static List<List<CredentialSpan>> related(List<CredentialSpan> spans) {
        List<List<CredentialSpan>> related = new ArrayList<>(spans.size());
        for (int j = 0; j < spans.size(); j++) {
            List<CredentialSpan> list = new ArrayList<>(2);
            list.add(spans.get(j));
            related.add(list);
        }
        for (int j = 0; j < spans.size(); j++) {
            CredentialSpan a = spans.get(j);
            for (int k = j + 1; k < spans.size() && spans.get(k).start() < a.end(); k++) {
                related.get(j).add(spans.get(k));
                related.get(k).add(a);
            }
        }
        return related;
    }

    private static boolean isReportedAssignment(CredentialSpan s, List<CredentialSpan> spans, boolean[] reported) {
        if (s.kind() != Kind.SECRET_ASSIGNMENT) {
            return false;
        }
        // spans are few per neighbourhood; identity search within the sorted list by start
        int i = indexOf(spans, s);
        return i >= 0 && reported[i];
    }

    private static int indexOf(List<CredentialSpan> spans, CredentialSpan s) {
        int lo = 0;
        int hi = spans.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (spans.get(mid).start() < s.start()) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        for (int i = lo; i < spans.size() && spans.get(i).start() == s.start(); i++) {
            if (spans.get(i) == s) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The spans to mask in {@code span}'s match. All of them, except the value of a secret-named key
     * that encloses a token or URL and is not itself reported: the token's or URL's own rule then masks
     * exactly its secret, so the match reads {@code dp.st.prd.****} rather than {@code ****}. A reported
     * value stays masked whole, because the whole value is the secret.
     */
    private static List<CredentialSpan> masksFor(CredentialSpan span, List<CredentialSpan> near, List<CredentialSpan> spans,
                                                 boolean[] reported) {
        if (span.kind() == Kind.SECRET_ASSIGNMENT) {
            return near;
        }
        return near.stream()
                .filter(s -> s.kind() != Kind.SECRET_ASSIGNMENT || !encloses(s, span)
                        || (span.kind() == Kind.URL_PASSWORD && isReportedAssignment(s, spans, reported)))
                .toList();
    }

    /** Redis URLs and Doppler tokens inside base64 values (a Kubernetes Secret's {@code data:}), decoded once each. */
    private static List<Finding> base64Findings(String path, String text, LineIndex lines, Set<Integer> ignored,
                                                Predicate<String> isSecretKey) {
        List<Finding> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            while (i < n && !isBase64Char(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && isBase64Char(text.charAt(i))) {
                i++;
            }
            int length = i - start;
            if (length < MIN_BASE64 || length % 4 != 0 || (start > 0 && !isBase64Boundary(text.charAt(start - 1)))) {
                continue;
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(text.substring(start, i)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (!decoded.contains("://") && !decoded.contains("dp.")) {
                continue;
            }
            for (Finding inner : scanText(path, decoded, isSecretKey)) {
                if (inner.kind().equals(Kind.URL_PASSWORD.label()) || inner.kind().equals(Kind.DOPPLER_TOKEN.label())
                        || inner.kind().equals(Kind.MALFORMED_URL.label())) {
                    if (!ignored.contains(lines.lineOf(start))) {
                        out.add(new Finding(path, lines.lineOf(start), inner.kind() + "-base64", inner.match()));
                    }
                }
            }
        }
        return out;
    }

    private static boolean isBase64Char(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    }

    private static boolean isBase64Boundary(char c) {
        return Character.isWhitespace(c) || c == '"' || c == '\'' || c == ':' || c == '=' || c == ',' || c == '[' || c == '{' || c == '>';
    }

    /** The 1-based lines that carry {@code tether:ignore} (one pass over the text). */
    private static Set<Integer> ignoredLines(String text, LineIndex lines) {
        Set<Integer> ignored = new java.util.HashSet<>();
        for (int i = text.indexOf(INLINE_IGNORE); i >= 0; i = text.indexOf(INLINE_IGNORE, i + 1)) {
            ignored.add(lines.lineOf(i));
        }
        return ignored;
    }

    /** A malformed URL is reported when it is evidently a Redis one: it says redis/valkey, or its port is 63xx. */
    private static boolean looksLikeRedis(String text, CredentialSpan span) {
        String match = text.substring(span.start(), span.end()).toLowerCase(Locale.ROOT);
        if (match.contains("redis") || match.contains("valkey")) {
            return true;
        }
        String host = text.substring(span.secretEnd(), span.end()).toLowerCase(Locale.ROOT);
        for (int i = host.indexOf("63"); i >= 0; i = host.indexOf("63", i + 1)) {
            boolean afterSeparator = i > 0 && host.charAt(i - 1) == ':' || host.startsWith("%3a", Math.max(0, i - 3));
            if (afterSeparator && i + 4 <= host.length() && Character.isDigit(host.charAt(i + 2)) && Character.isDigit(host.charAt(i + 3))) {
                return true;
            }
        }
        return false;
    }

    /** The part of broken userinfo after its last {@code :} or {@code /}: what would be the password. */
    private static String lastPart(String userinfo) {
        int cut = Math.max(Math.max(userinfo.lastIndexOf(':'), userinfo.lastIndexOf('/')), userinfo.lastIndexOf('\\'));
        return cut >= 0 && cut + 1 < userinfo.length() ? userinfo.substring(cut + 1) : userinfo;
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
        return outer != inner && outer.secretStart() <= inner.start() && outer.secretEnd() >= inner.end();
    }

    private static boolean overlaps(CredentialSpan a, CredentialSpan b) {
        return a.secretStart() < b.secretEnd() && a.secretEnd() > b.secretStart();
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '\'' || c == '`';
    }

    /** One line, bounded length: line breaks inside a (masked) multi-line match are shown as {@code \n}. */
    private static String displayable(String match) {
        StringBuilder out = new StringBuilder(Math.min(match.length(), MAX_MATCH_CHARS + 16));
        for (int i = 0; i < match.length() && out.length() < MAX_MATCH_CHARS; i++) {
            char c = match.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                out.append(String.format("\\x%02x", (int) c)); // never raw escape bytes to the terminal
            } else {
                out.append(c);
            }
        }
        return out.length() < MAX_MATCH_CHARS ? out.toString() : out + "…";
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
