package dev.tether.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS material of a {@link RedisSettings}, read once from its files, so that the shared connection
 * and {@code tether doctor} trust the same CAs and present the same client key:
 * <ul>
 *   <li>trust, by {@link TlsVerify}: {@code FULL} trusts the JDK's CAs plus {@code REDIS_TLS_CA_FILE};
 *       {@code CA} trusts ONLY {@code REDIS_TLS_CA_FILE} (it checks the chain, not the host name, so a
 *       public CA would accept any of its certificates); {@code NONE} builds no trust (nothing is
 *       verified);</li>
 *   <li>the client certificate (PEM chain) and key (PEM PKCS#8, RSA, EC or Ed25519; encrypted
 *       {@code ENCRYPTED PRIVATE KEY} with {@code REDIS_TLS_KEY_PASSWORD}) for mutual TLS.</li>
 * </ul>
 * Immutable and thread-safe once built.
 */
public final class TlsMaterial {
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";
    private static final String ENCRYPTED_BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final String ENCRYPTED_END = "-----END ENCRYPTED PRIVATE KEY-----";

    private final TrustManagerFactory trust;
    private final KeyManagerFactory keys;

    private TlsMaterial(TrustManagerFactory trust, KeyManagerFactory keys) {
        this.trust = trust;
        this.keys = keys;
    }

    /**
     * Reads the CA file and the client certificate and key the settings name.
     *
     * @throws UncheckedIOException  when a file cannot be read
     * @throws IllegalStateException when a file holds no usable certificate or key (the message names the
     *                               setting, never the key), or {@code CA} verification has no CA file
     */
    public static TlsMaterial of(RedisSettings settings) {
        Arguments.notNull(settings, "settings");
        try {
            TrustManagerFactory trust = settings.tlsVerify() == TlsVerify.NONE ? null : trust(settings);
            KeyManagerFactory keys = settings.tlsCertFile().isPresent() && settings.tlsKeyFile().isPresent()
                    ? keys(settings.tlsCertFile().get(), settings.tlsKeyFile().get(), settings.tlsKeyPassword()) : null;
            return new TlsMaterial(trust, keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS files: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The trust to verify the server with; empty with {@link TlsVerify#NONE}. */
    public Optional<TrustManagerFactory> trustManagerFactory() {
        return Optional.ofNullable(trust);
    }

    /** The X.509 trust manager of {@link #trustManagerFactory()}; empty with {@link TlsVerify#NONE}. */
    public Optional<X509ExtendedTrustManager> trustManager() {
        if (trust == null) {
            return Optional.empty();
        }
        for (TrustManager tm : trust.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                return Optional.of(x509);
            }
        }
        throw new IllegalStateException("no X.509 trust manager in the JDK");
    }

    /** The client certificate and key for mutual TLS; empty when none is configured. */
    public Optional<KeyManagerFactory> keyManagerFactory() {
        return Optional.ofNullable(keys);
    }

    private static TrustManagerFactory trust(RedisSettings settings) throws IOException, GeneralSecurityException {
        Optional<Path> caFile = settings.tlsCaFile();
        boolean onlyCaFile = settings.tlsVerify() == TlsVerify.CA;
        if (onlyCaFile && caFile.isEmpty()) {
            throw new GeneralSecurityException("REDIS_TLS_VERIFY=ca trusts only REDIS_TLS_CA_FILE, and none is set");
        }
        KeyStore store = null;
        if (caFile.isPresent()) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            if (!onlyCaFile) {
                for (X509Certificate ca : jdkTrustManager().getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + n++, ca);
                }
            }
            int fromFile = 0;
            try (InputStream in = Files.newInputStream(caFile.get())) {
                for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("redis-tls-ca-file-" + n++, cert);
                    fromFile++;
                }
            }
            if (fromFile == 0) {
                throw new GeneralSecurityException("REDIS_TLS_CA_FILE " + caFile.get() + " holds no PEM certificate");
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }

    private static X509ExtendedTrustManager jdkTrustManager() throws GeneralSecurityException {
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        for (TrustManager tm : jdk.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager in the JDK");
    }

    private static KeyManagerFactory keys(Path certFile, Path keyFile, Secret password) throws IOException, GeneralSecurityException {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
        if (chain.length == 0) {
            throw new GeneralSecurityException("REDIS_TLS_CERT_FILE " + certFile + " holds no PEM certificate");
        }
        PrivateKey key = privateKey(Files.readString(keyFile), keyFile, password);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] storePassword = new char[0];
        store.setKeyEntry("client", key, storePassword, chain);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, storePassword);
        return factory;
    }

    private static PrivateKey privateKey(String pem, Path keyFile, Secret password) throws IOException, GeneralSecurityException {
        PKCS8EncodedKeySpec spec;
        if (pem.contains(ENCRYPTED_BEGIN)) {
            if (password.isEmpty()) {
                throw new GeneralSecurityException("REDIS_TLS_KEY_FILE " + keyFile + " is encrypted: set REDIS_TLS_KEY_PASSWORD");
            }
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der(pem, ENCRYPTED_BEGIN, ENCRYPTED_END, keyFile));
            char[] chars = password.reveal().toCharArray();
            // PBES2 (what openssl pkcs8 -topk8 -v2 writes) is named by its parameters, e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            try {
                Cipher cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(chars)),
                        info.getAlgParameters());
                spec = info.getKeySpec(cipher);
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException("REDIS_TLS_KEY_FILE " + keyFile
                        + " cannot be decrypted with REDIS_TLS_KEY_PASSWORD (wrong password or unsupported cipher " + algorithm + ")");
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
        } else if (pem.contains(KEY_BEGIN)) {
            spec = new PKCS8EncodedKeySpec(der(pem, KEY_BEGIN, KEY_END, keyFile));
        } else {
            throw new GeneralSecurityException("REDIS_TLS_KEY_FILE " + keyFile
                    + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it: openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new GeneralSecurityException("REDIS_TLS_KEY_FILE " + keyFile + " holds a key that is neither RSA, EC nor Ed25519");
    }

    private static byte[] der(String pem, String begin, String end, Path file) throws GeneralSecurityException {
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, from);
        if (to < 0) {
            throw new GeneralSecurityException("REDIS_TLS_KEY_FILE " + file + " has no " + end + " line");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("REDIS_TLS_KEY_FILE " + file + " is not valid base64 PEM");
        }
    }
}
