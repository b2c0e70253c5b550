package dev.tether.chaos.harness;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The passwords the suite uses, remembered so that reports and logs can be checked for them. Thread-safe. */
public final class Canaries {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    private Canaries() {
    }

    /** A fresh password that must never appear in any output. */
    public static String newPassword() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String password = "canary-" + HexFormat.of().formatHex(bytes);
        ISSUED.add(password);
        return password;
    }

    /** Whether {@code text} contains any password issued so far. */
    public static boolean leakedIn(CharSequence text) {
        String s = text.toString();
        for (String canary : ISSUED) {
            if (s.contains(canary)) {
                return true;
            }
        }
        return false;
    }

    public static int issued() {
        return ISSUED.size();
    }
}
