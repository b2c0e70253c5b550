package dev.tether.config.internal;

import dev.tether.config.CredentialSpan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds Doppler tokens: {@code dp.ct.}, {@code dp.pt.}, {@code dp.st.} (optionally
 * {@code dp.st.<config>.}), {@code dp.sa.}, {@code dp.scim.}, {@code dp.audit.} followed by 40–44
 * alphanumerics. A longer alphanumeric run is taken whole, so that no tail of it is left visible.
 * The prefix (and the config name) stays readable; the random part is the secret.
 *
 * <p>Stateless and thread-safe.
 */
final class DopplerTokenRule {
    private static final Pattern TOKEN = Pattern.compile(
            "dp\\.(?:(?:ct|pt|sa|scim|audit)\\.|st\\.(?:[A-Za-z0-9_-]{1,64}\\.)?)([A-Za-z0-9]{40,})");

    private DopplerTokenRule() {
    }

    static void find(String text, List<CredentialSpan> out) {
        if (!text.contains("dp.")) {
            return;
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(new CredentialSpan(CredentialSpan.Kind.DOPPLER_TOKEN, m.start(), m.end(), m.start(1), m.end(1)));
        }
    }
}
