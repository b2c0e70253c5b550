package dev.tether.config.internal.dotenv;

/** INTERIM placeholder: replaced by the dotenv parser work. */
public class DotEnvSyntaxException extends RuntimeException {
    public DotEnvSyntaxException(String m) {
        super(m);
    }

    public String code() {
        return "DOTENV_SYNTAX";
    }
}
