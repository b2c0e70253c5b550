package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Finds string literals passed to a method whose name says it takes a secret:
 * {@code .auth("…")}, {@code setPassword("…")}, {@code withPassword("…".toCharArray())},
 * {@code password("…")}, {@code RedisURI.builder().withAuthentication("user", "…")}. Getters and
 * lookups ({@code getPassword("…")}, {@code getenv("REDIS_PASSWORD")}) are not calls that take one.
 *
 * <p>Linear: each {@code (} is looked at once and the arguments of a matching call once. Stateless
 * and thread-safe.
 */
final class CallArgumentRule {
    private static final int MAX_NAME = 64;
    private static final String[] LOOKUP_PREFIXES = {"get", "has", "is", "read", "load", "find", "lookup", "resolve", "require", "env", "check", "validate", "clear", "reset", "remove"};

    private CallArgumentRule() {
    }

    static void find(String text, Predicate<String> isSecretKey, List<CredentialSpan> out) {
        int n = text.length();
        int from = 0;
        while (true) {
            int open = text.indexOf('(', from);
            if (open < 0) {
                return;
            }
            from = open + 1;
            int nameEnd = open;
            while (nameEnd > 0 && text.charAt(nameEnd - 1) == ' ') {
                nameEnd--;
            }
            int nameStart = nameEnd;
            while (nameStart > 0 && nameEnd - nameStart < MAX_NAME && Character.isJavaIdentifierPart(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            if (nameStart == nameEnd || !takesSecret(text.substring(nameStart, nameEnd), isSecretKey)) {
                continue;
            }
            from = arguments(text, nameStart, open + 1, TextScan.lineEnd(text, open), out);
        }
    }

    private static boolean takesSecret(String name, Predicate<String> isSecretKey) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String prefix : LOOKUP_PREFIXES) {
            if (lower.startsWith(prefix) && !lower.equals(prefix)) {
                return false;
            }
        }
        String core = lower.startsWith("set") || lower.startsWith("use") ? name.substring(3)
                : lower.startsWith("with") ? name.substring(4) : name;
        return isSecretKey.test(core) || lower.equals("withauthentication") || lower.equals("authenticate");
    }

    /** Adds every string literal among the arguments (up to the closing paren on this line); returns where it stopped. */
    private static int arguments(String text, int callStart, int from, int lineEnd, List<CredentialSpan> out) {
        int i = from;
        while (i < lineEnd) {
            char c = text.charAt(i);
            if (c == ')') {
                return i + 1;
            }
            if (c == '"' || c == '\'') {
                int close = i + 1;
                while (close < lineEnd && text.charAt(close) != c) {
                    close += text.charAt(close) == '\\' ? 2 : 1;
                }
                if (close >= lineEnd) {
                    return lineEnd;
                }
                if (close > i + 1) {
                    out.add(new CredentialSpan(CredentialSpan.Kind.SECRET_ARGUMENT, callStart, close + 1, i + 1, close));
                }
                i = close + 1;
            } else {
                i++;
            }
        }
        return lineEnd;
    }
}
