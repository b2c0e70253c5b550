package dev.tether.doppler.internal;

import dev.tether.config.Secret;

import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * AES-256 keys derived from the Doppler token with PBKDF2-HMAC-SHA256, {@value #ROUNDS} rounds.
 *
 * <p>A derivation costs about half a second on purpose, so each (token, salt) pair is derived once per
 * process and kept; new cache files written by this process for a token reuse the salt (and key) it
 * already holds, so a process pays for at most one derivation per token. Thread-safe: concurrent callers
 * for the same pair wait for one derivation.
 */
final class CacheKeys {
    static final int ROUNDS = 500_000;
    static final int SALT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    // Keys are the token's SHA-256 (never the token) plus the salt.
    private static final ConcurrentMap<String, Derivation> KEYS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, byte[]> WRITE_SALTS = new ConcurrentHashMap<>();

    private CacheKeys() {
    }

    /** The key for {@code salt}, derived at most once per process. */
    static SecretKey key(Secret token, byte[] salt) {
        String tokenId = tokenId(token);
        WRITE_SALTS.putIfAbsent(tokenId, salt.clone());
        return KEYS.computeIfAbsent(tokenId + ":" + Base64.getEncoder().encodeToString(salt),
                id -> new Derivation(token, salt.clone())).get();
    }

    /** The salt this process writes new files with for {@code token}: one it already derived a key for, else a fresh one. */
    static byte[] writeSalt(Secret token) {
        return WRITE_SALTS.computeIfAbsent(tokenId(token), id -> {
            byte[] salt = new byte[SALT_BYTES];
            RANDOM.nextBytes(salt);
            return salt;
        }).clone();
    }

    private static String tokenId(Secret token) {
        return DopplerSettings.sha256Hex(token.reveal());
    }

    /** One PBKDF2 run, done by the first caller; later callers get the result. */
    private static final class Derivation {
        private final Secret token;
        private final byte[] salt;
        private SecretKey key;

        Derivation(Secret token, byte[] salt) {
            this.token = token;
            this.salt = salt;
        }

        synchronized SecretKey get() {
            if (key == null) {
                char[] password = token.reveal().toCharArray();
                PBEKeySpec spec = new PBEKeySpec(password, salt, ROUNDS, 256);
                try {
                    byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                    key = new SecretKeySpec(raw, "AES");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JRE", e);
                } finally {
                    spec.clearPassword();
                    java.util.Arrays.fill(password, '\0');
                }
            }
            return key;
        }
    }
}
