package dev.tether.config.internal.dotenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * Parses {@code .env} files in the docker compose dialect (compose-go's {@code dotenv} package).
 *
 * <ul>
 *   <li>{@code KEY=value} or {@code KEY: value}, optional {@code export } prefix; keys are letters,
 *       digits, {@code _ . - [ ]}; blank lines and lines starting with {@code #} are skipped.</li>
 *   <li>Unquoted values are trimmed; {@code #} starts a comment only after whitespace, so
 *       {@code redis://:p#ss@h} keeps its {@code #}.</li>
 *   <li>Single quotes are literal (only {@code \'} is unescaped); double quotes understand
 *       {@code \n \r \t \\ \" \$ \a \b \f \v} and octal {@code \0NNN}. Both may span lines. After the
 *       closing quote only whitespace and a {@code #} comment may follow.</li>
 *   <li>Unquoted and double-quoted values are interpolated: {@code $VAR}, {@code ${VAR}},
 *       {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}},
 *       {@code ${VAR:+alt}}, {@code ${VAR+alt}}; {@code $$} and {@code \$} are a literal dollar, and a
 *       {@code $} not followed by a name or brace is literal (no command substitution). A variable is
 *       looked up with {@code lookup} first, then among the keys assigned earlier in the file (as
 *       compose-go does: the process environment outranks the file).</li>
 *   <li>A key alone on a line ({@code KEY}) takes its value from {@code lookup}, and is left out when
 *       the lookup has none.</li>
 *   <li>A UTF-8 byte order mark is skipped, CRLF line ends are read as LF, the last duplicate wins,
 *       {@code KEY=} is the empty string.</li>
 * </ul>
 *
 * <p>Errors are {@link DotEnvSyntaxException}s whose messages never contain a value. The parser is
 * stateless and thread-safe; {@code lookup} is called from the calling thread only and returns
 * {@code null} for a variable that is not set.
 *
 * <p>This class is the front door: {@link AssignmentReader} reads the statements,
 * {@link DoubleQuoteEscapes} and {@link Interpolator} turn raw values into values.
 */
public final class DotEnvParser {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private DotEnvParser() {
    }

    /**
     * Parses {@code content}.
     *
     * @param content  the file's text
     * @param fileName the name errors and entries are reported under
     * @param lookup   resolves variables ({@code null} when unset), e.g. {@code System::getenv}
     * @throws DotEnvSyntaxException when the content is not valid in the dialect
     */
    public static DotEnvFile parse(String content, String fileName, Function<String, String> lookup) {
        DotEnvFile file = parseUntilError(content, fileName, lookup);
        if (file.error().isPresent()) {
            throw file.error().get();
        }
        return file;
    }

    /**
     * Parses {@code content} up to its first error, as docker compose does: the result holds every
     * assignment before the error and {@link DotEnvFile#error()} the error. Never throws for bad content.
     */
    public static DotEnvFile parseUntilError(String content, String fileName, Function<String, String> lookup) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(lookup, "lookup");
        return new AssignmentReader(normalize(content), fileName, lookup).parse();
    }

    /**
     * Reads {@code file} as UTF-8 and parses it up to its first error (see
     * {@link #parseUntilError(String, String, Function)}).
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public static DotEnvFile parseUntilError(Path file, Function<String, String> lookup) {
        Objects.requireNonNull(file, "file");
        return parseUntilError(read(file), file.toString(), lookup);
    }

    /**
     * Reads {@code file} as UTF-8 and parses it; errors name the file by its path.
     *
     * @throws DotEnvSyntaxException when the content is not valid in the dialect
     * @throws UncheckedIOException  when the file cannot be read
     */
    public static DotEnvFile parse(Path file, Function<String, String> lookup) {
        Objects.requireNonNull(file, "file");
        return parse(read(file), file.toString(), lookup);
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String normalize(String content) {
        String text = !content.isEmpty() && content.charAt(0) == BYTE_ORDER_MARK ? content.substring(1) : content;
        return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n");
    }
}
