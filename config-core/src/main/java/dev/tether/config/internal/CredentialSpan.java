package dev.tether.config.internal;

/**
 * One credential found in a text: the whole match {@code [start, end)} (what a person may see once
 * redacted) and the secret inside it {@code [secretStart, secretEnd)} (what must be masked).
 *
 * <p>Internal: used by {@code Redactor} and tether's CLI scanner, not an API. Immutable.
 */
public record CredentialSpan(Kind kind, int start, int end, int secretStart, int secretEnd) {

    /** What kind of credential a span holds. */
    public enum Kind {
        /** The password in a URL's userinfo ({@code scheme://user:PASSWORD@host}). */
        URL_PASSWORD("url-password"),
        /** Everything before the last {@code @} of a URL too broken to parse ({@code redis:/:PASSWORD@host}). */
        MALFORMED_URL("malformed-url"),
        /** A Doppler service, personal, CLI, SCIM, audit or service-account token. */
        DOPPLER_TOKEN("doppler-token"),
        /** The value of a secret-named key ({@code REDIS_PASSWORD=VALUE}, {@code ENV REDIS_PASSWORD VALUE}). */
        SECRET_ASSIGNMENT("secret-assignment"),
        /** A string literal passed to a method that takes a secret ({@code .auth("VALUE")}, {@code setPassword("VALUE")}). */
        SECRET_ARGUMENT("secret-argument"),
        /** A Redis password given as a word: {@code requirepass VALUE}, ACL {@code >VALUE}, {@code --requirepass VALUE}, {@code redis-cli -a VALUE}. */
        REDIS_DIRECTIVE("redis-directive");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The stable, lower-case name used in CLI output ({@code url-password}). */
        public String label() {
            return label;
        }
    }

    /** The secret itself, from the text this span was found in. */
    public String secret(String text) {
        return text.substring(secretStart, secretEnd);
    }
}
