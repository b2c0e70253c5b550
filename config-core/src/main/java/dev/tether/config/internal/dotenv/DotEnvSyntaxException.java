package dev.tether.config.internal.dotenv;

import java.util.Objects;

/**
 * A {@code .env} file that cannot be read as the docker compose dialect.
 *
 * <p>The message is {@code <file>:<line>: <what is wrong>} and never contains a value from the file
 * (values may be passwords): only keys, variable names, line numbers and descriptions. The one
 * user-written text it may carry is the error text of a {@code ${VAR:?error}} reference.
 */
public final class DotEnvSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Bad syntax: unterminated quote, invalid key, missing separator, malformed {@code ${...}}. */
    public static final String SYNTAX = "DOTENV_SYNTAX";
    /** A {@code ${VAR:?error}} or {@code ${VAR?error}} reference to a variable that is not set. */
    public static final String REQUIRED_VARIABLE = "DOTENV_REQUIRED_VARIABLE";

    private final String code;
    private final String file;
    private final int line;
    private final String detail;

    DotEnvSyntaxException(String code, String file, int line, String detail) {
        super(file + ":" + line + ": " + detail);
        this.code = Objects.requireNonNull(code, "code");
        this.file = file;
        this.line = line;
        this.detail = detail;
    }

    /** A {@link #SYNTAX} error at {@code line} of {@code file}. */
    static DotEnvSyntaxException syntax(String file, int line, String detail) {
        return new DotEnvSyntaxException(SYNTAX, file, line, detail);
    }

    /** {@link #SYNTAX} or {@link #REQUIRED_VARIABLE}. */
    public String code() {
        return code;
    }

    /** The file name the problem was found in. */
    public String file() {
        return file;
    }

    /** The 1-based line of the statement (or opening quote) at fault. */
    public int line() {
        return line;
    }

    /** What is wrong, without the {@code file:line:} prefix. */
    public String detail() {
        return detail;
    }
}
