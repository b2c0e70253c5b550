package dev.tether.config;

import dev.tether.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TlsMaterialTest {
    private static final String KEY_PASSWORD = "canary-key-Pw-4419";
    private static TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void createCertificates() {
        certs = TestCertificates.create();
    }

    private static RedisSettings.Builder tls(TlsVerify verify) {
        return RedisSettings.builder().host("cache.example.com").tls(true).tlsVerify(verify);
    }

    @Test
    void verifyCaTrustsOnlyTheCaFileAndFullAlsoTheJdkCas() {
        var caOnly = TlsMaterial.of(tls(TlsVerify.CA).tlsCaFile(certs.caFile()).build()).trustManager().orElseThrow();
        var full = TlsMaterial.of(tls(TlsVerify.FULL).tlsCaFile(certs.caFile()).build()).trustManager().orElseThrow();

        assertThat(caOnly.getAcceptedIssuers()).hasSize(1);
        assertThat(full.getAcceptedIssuers()).hasSizeGreaterThan(1).contains(caOnly.getAcceptedIssuers()[0]);
        assertThat(TlsMaterial.of(tls(TlsVerify.NONE).build()).trustManager()).isEmpty();
    }

    @Test
    void verifyCaWithoutACaFileIsRefused() {
        assertThatIllegalStateException().isThrownBy(() -> TlsMaterial.of(tls(TlsVerify.CA).build()))
                .withMessageContaining("REDIS_TLS_CA_FILE");
    }

    @Test
    void anEncryptedPkcs8KeyLoadsWithItsPasswordAndAWrongOneIsNamedNotShown() throws Exception {
        Path encrypted = encryptedCopyOfTheClientKey();
        RedisSettings.Builder settings = tls(TlsVerify.FULL).tlsClientCertificate(certs.clientCertFile(), encrypted);

        assertThat(TlsMaterial.of(settings.tlsKeyPassword(Secret.of(KEY_PASSWORD)).build()).keyManagerFactory()).isPresent();
        assertThatIllegalStateException().isThrownBy(() -> TlsMaterial.of(settings.tlsKeyPassword(Secret.of("wrong-" + KEY_PASSWORD)).build()))
                .withMessageContaining("cannot be decrypted with REDIS_TLS_KEY_PASSWORD").withMessageNotContaining(KEY_PASSWORD);
        assertThatIllegalStateException().isThrownBy(() -> TlsMaterial.of(settings.tlsKeyPassword(null).build()))
                .withMessageContaining("is encrypted: set REDIS_TLS_KEY_PASSWORD");
    }

    @Test
    void configurationRequiresTheCaFileForVerifyCaWarnsOtherwiseAndWarnsOfAKeyOthersCanRead() throws IOException {
        ConfigResolution noCaFile = resolve("REDIS_URL", "rediss://cache.example.com:6380", "REDIS_TLS_VERIFY", "ca");
        ConfigResolution withCaFile = resolve("REDIS_URL", "rediss://cache.example.com:6380", "REDIS_TLS_VERIFY", "ca",
                "REDIS_TLS_CA_FILE", certs.caFile().toString());
        Path key = Files.copy(certs.clientKeyFile(), dir.resolve("client-key.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        ConfigResolution exposedKey = resolve("REDIS_URL", "rediss://cache.example.com:6380",
                "REDIS_TLS_CERT_FILE", certs.clientCertFile().toString(), "REDIS_TLS_KEY_FILE", key.toString());

        assertThat(noCaFile.isValid()).isFalse();
        assertThat(noCaFile.problems()).extracting(Problem::code).contains(ProblemCode.TLS_CA_FILE_REQUIRED);
        assertThat(withCaFile.isValid()).isTrue();
        assertThat(withCaFile.problems()).extracting(Problem::code).containsExactly(ProblemCode.TLS_HOSTNAME_NOT_VERIFIED);
        assertThat(exposedKey.problems()).extracting(Problem::code).containsExactly(ProblemCode.TLS_KEY_FILE_EXPOSED);
    }

    private ConfigResolution resolve(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return TetherConfig.builder().environment(env).systemProperties(Map.of()).workingDirectory(dir)
                .classLoader(new URLClassLoader(new URL[0], null)).discoverSources(false).build().resolve();
    }

    /** The client key as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256} writes it. */
    private Path encryptedCopyOfTheClientKey() throws Exception {
        String pem = Files.readString(certs.clientKeyFile());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
        String algorithm = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(KEY_PASSWORD.toCharArray())),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2"); // the OID openssl writes
        pbes2.init(cipher.getParameters().getEncoded());
        byte[] encrypted = new EncryptedPrivateKeyInfo(pbes2, cipher.doFinal(der)).getEncoded();
        return Files.writeString(dir.resolve("client-key-encrypted.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(encrypted) + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
    }
}
