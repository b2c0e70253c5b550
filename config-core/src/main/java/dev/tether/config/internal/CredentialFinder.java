package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Finds every credential in a text (URL passwords, Doppler tokens, values of secret-named keys) and
 * masks them. All rules read the original text, so one rule never has to parse another's output;
 * overlapping secrets are merged into one mask.
 *
 * <p>Internal: the engine behind {@code Redactor} and {@code tether scan}, not an API. Stateless and
 * thread-safe.
 */
public final class CredentialFinder {
    private CredentialFinder() {
    }

    /** The credentials in free text (log lines, files), in order of their start. */
    public static List<CredentialSpan> find(String text) {
        return find(text, false, SecretAssignmentRule::isSecretKey);
    }

    /**
     * The credentials in free text, where {@code isSecretKey} decides which key names hold secrets (the
     * built-in rule, widened by a user's own list: {@link #secretKeys(String)}).
     */
    public static List<CredentialSpan> find(String text, Predicate<String> isSecretKey) {
        return find(text, false, isSecretKey);
    }

    /**
     * The built-in secret-name rule plus the names in {@code extraNames}: comma- or space-separated,
     * case-insensitive, {@code *} matching any run of characters ({@code STRIPE_*,*_SK}). Null or blank
     * gives the built-in rule alone. A user's list only ever adds secrets.
     */
    public static Predicate<String> secretKeys(String extraNames) {
        Predicate<String> builtIn = SecretAssignmentRule::isSecretKey;
        if (extraNames == null || extraNames.isBlank()) {
            return builtIn;
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String name : extraNames.trim().split("[,\\s]+")) {
            if (!name.isEmpty()) {
                String regex = Arrays.stream(name.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
                patterns.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
            }
        }
        return key -> key != null && (builtIn.test(key) || patterns.stream().anyMatch(p -> p.matcher(key).matches())
                || patterns.stream().anyMatch(p -> p.matcher(ProvenanceReader.envName(key)).matches()));
    }

    /**
     * The credentials in tether's own words (a hint it wrote): URL passwords and tokens only. The
     * key-name rule is left out because the product's words name keys without holding their values
     * ({@code KEY=value}, {@code check DOPPLER_TOKEN: it may be mistyped}).
     */
    public static List<CredentialSpan> findInProductText(String text) {
        List<CredentialSpan> all = new ArrayList<>();
        UrlPasswordRule.find(text, false, all);
        MalformedUrlRule.find(text, false, all);
        DopplerTokenRule.find(text, all);
        all.sort(Comparator.comparingInt(CredentialSpan::start).thenComparingInt(CredentialSpan::secretStart));
        return all;
    }

    /**
     * The credentials in one configuration value: a URL's region runs to the end of the value
     * instead of the first white space.
     */
    public static List<CredentialSpan> findInValue(String value) {
        return find(value, true, SecretAssignmentRule::isSecretKey);
    }

    /** Whether a key names a secret by the built-in rule (see {@code Redactor.isSecretKey}). */
    public static boolean isSecretKey(String key) {
        return SecretAssignmentRule.isSecretKey(key);
    }

    private static List<CredentialSpan> find(String text, boolean wholeValue, Predicate<String> isSecretKey) {
        List<CredentialSpan> urls = new ArrayList<>();
        UrlPasswordRule.find(text, wholeValue, urls);
        List<CredentialSpan> all = new ArrayList<>(urls);
        // not among the URL spans the key rule defers to: a broken URL's word may hold a real "key":"value"
        MalformedUrlRule.find(text, wholeValue, all);
        DopplerTokenRule.find(text, all);
        SecretAssignmentRule.find(text, urls, all, isSecretKey);
        DirectiveRule.find(text, isSecretKey, all);
        CallArgumentRule.find(text, isSecretKey, all);
        all.sort(Comparator.comparingInt(CredentialSpan::start).thenComparingInt(CredentialSpan::secretStart));
        return all;
    }

    /**
     * {@code text[from, to)} with the secret of every span in {@code spans} that reaches into it
     * replaced by {@code mask}; overlapping or touching secrets become one mask.
     */
    public static String mask(String text, List<CredentialSpan> spans, int from, int to, String mask) {
        List<int[]> ranges = new ArrayList<>();
        for (CredentialSpan s : spans) {
            int a = Math.max(from, s.secretStart());
            int b = Math.min(to, s.secretEnd());
            if (a < b) {
                ranges.add(new int[] {a, b});
            }
        }
        ranges.sort(Comparator.comparingInt(r -> r[0]));
        StringBuilder out = new StringBuilder(to - from + 8);
        int pos = from;
        int i = 0;
        while (i < ranges.size()) {
            int a = ranges.get(i)[0];
            int b = ranges.get(i)[1];
            i++;
            while (i < ranges.size() && ranges.get(i)[0] <= b) {
                b = Math.max(b, ranges.get(i)[1]);
                i++;
            }
            out.append(text, pos, Math.max(pos, a)).append(mask);
            pos = Math.max(pos, b);
        }
        return out.append(text, pos, to).toString();
    }
}
