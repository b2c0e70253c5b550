package dev.tether.config.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
        return find(text, false);
    }

    /**
     * The credentials in one configuration value: a URL's region runs to the end of the value
     * instead of the first white space.
     */
    public static List<CredentialSpan> findInValue(String value) {
        return find(value, true);
    }

    /** Whether a key names a secret: ends in password, secret, token or key, or contains credentials (any case). */
    public static boolean isSecretKey(String key) {
        return SecretAssignmentRule.isSecretKey(key);
    }

    private static List<CredentialSpan> find(String text, boolean wholeValue) {
        List<CredentialSpan> urls = new ArrayList<>();
        UrlPasswordRule.find(text, wholeValue, urls);
        List<CredentialSpan> all = new ArrayList<>(urls);
        DopplerTokenRule.find(text, all);
        SecretAssignmentRule.find(text, urls, all);
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
