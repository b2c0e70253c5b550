package dev.tether.testkit;

import dev.tether.testkit.internal.OwnedResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway PKI for TLS tests, generated in-process with BouncyCastle (EC P-256, SHA-256, valid
 * from one hour ago for {@value #VALIDITY_HOURS} hours) and written as PEM to a fresh temp dir
 * that is deleted at JVM exit:
 *
 * <ul>
 *   <li>{@link #caFile()}: the CA that signed the server and client certificates;
 *   <li>{@link #serverCertFile()}/{@link #serverKeyFile()}: SAN {@code localhost} and {@code
 *       127.0.0.1} by default, or the names given to {@link #forServerNames(String...)} (a wrong
 *       name gives a hostname-mismatch server);
 *   <li>{@link #clientCertFile()}/{@link #clientKeyFile()}: for mutual TLS;
 *   <li>{@link #untrustedCaFile()}: an unrelated CA that signed nothing here, for "untrusted" tests.
 * </ul>
 *
 * Private keys are unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), readable by OpenSSL and Netty.
 * {@link #close()} deletes the directory at once (a servers' owner that is done with them). Immutable
 * and thread-safe.
 */
public final class TestCertificates implements AutoCloseable {

  /** How long the certificates are valid, counted from creation. */
  public static final int VALIDITY_HOURS = 24;

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final List<String> serverNames;
  private final KeyPair caKeys;
  private final X509Certificate caCert;
  private final KeyPair clientKeys;
  private final X509Certificate clientCert;

  private TestCertificates(List<String> serverNames) throws GeneralSecurityException, IOException {
    this.serverNames = List.copyOf(serverNames);
    this.directory = OwnedResources.deleteOnExit(Files.createTempDirectory("tether-certs-"));
    Instant now = Instant.now();

    caKeys = newKeyPair();
    caCert = sign(ca("CN=tether test CA", caKeys, now), caKeys.getPrivate());

    KeyPair serverKeys = newKeyPair();
    X509Certificate serverCert =
        sign(leaf("CN=" + this.serverNames.get(0), serverKeys, now, KeyPurposeId.id_kp_serverAuth,
                this.serverNames), caKeys.getPrivate());

    clientKeys = newKeyPair();
    clientCert =
        sign(leaf("CN=tether test client", clientKeys, now, KeyPurposeId.id_kp_clientAuth, List.of()),
            caKeys.getPrivate());

    KeyPair otherCaKeys = newKeyPair();
    X509Certificate otherCa =
        sign(ca("CN=tether unrelated CA", otherCaKeys, now), otherCaKeys.getPrivate());

    writePem(caFile(), "CERTIFICATE", caCert.getEncoded());
    writePem(serverCertFile(), "CERTIFICATE", serverCert.getEncoded());
    writePem(serverKeyFile(), "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
    writePem(clientCertFile(), "CERTIFICATE", clientCert.getEncoded());
    writePem(clientKeyFile(), "PRIVATE KEY", clientKeys.getPrivate().getEncoded());
    writePem(untrustedCaFile(), "CERTIFICATE", otherCa.getEncoded());
  }

  /** A CA, a server certificate for {@code localhost} and {@code 127.0.0.1}, and a client one. */
  public static TestCertificates create() {
    return forServerNames("localhost", "127.0.0.1");
  }

  /**
   * Like {@link #create()} but the server certificate names only {@code serverNames} (IP literals
   * become IP SANs, the rest DNS SANs); e.g. {@code forServerNames("wrong.example")} for a server
   * whose certificate does not match {@code 127.0.0.1}.
   *
   * @throws IllegalArgumentException if no name is given or a name is blank
   */
  public static TestCertificates forServerNames(String... serverNames) {
    Objects.requireNonNull(serverNames, "serverNames");
    if (serverNames.length == 0) {
      throw new IllegalArgumentException("serverNames: at least one name is required");
    }
    for (String name : serverNames) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("serverNames: names must not be blank");
      }
    }
    try {
      return new TestCertificates(List.of(serverNames));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not generate test certificates", e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write test certificates", e);
    }
  }

  /** The temp dir holding the PEM files. */
  public Path directory() {
    return directory;
  }

  /** The names in the server certificate's SAN. */
  public List<String> serverNames() {
    return serverNames;
  }

  /** PEM of the CA that signed the server and client certificates: what a client should trust. */
  public Path caFile() {
    return directory.resolve("ca.pem");
  }

  /** PEM of the server certificate. */
  public Path serverCertFile() {
    return directory.resolve("server.pem");
  }

  /** PEM (PKCS#8) of the server's private key. */
  public Path serverKeyFile() {
    return directory.resolve("server-key.pem");
  }

  /** PEM of the client certificate (extended key usage clientAuth), for mutual TLS. */
  public Path clientCertFile() {
    return directory.resolve("client.pem");
  }

  /** PEM (PKCS#8) of the client's private key. */
  public Path clientKeyFile() {
    return directory.resolve("client-key.pem");
  }

  /** PEM of a CA unrelated to every certificate here: trusting only it must fail verification. */
  public Path untrustedCaFile() {
    return directory.resolve("untrusted-ca.pem");
  }

  /** The CA certificate, for code that builds its own trust store. */
  public X509Certificate caCertificate() {
    return caCert;
  }

  /**
   * A new JDK {@link SSLContext} that trusts {@link #caFile()} only and, when {@code
   * withClientCertificate}, presents the client certificate. Does not verify hostnames (that is
   * the socket's or the client library's job).
   */
  public SSLContext sslContext(boolean withClientCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", caCert);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);

      KeyManagerFactory kmf = null;
      if (withClientCertificate) {
        char[] password = "changeit".toCharArray(); // in-memory store only
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry(
            "client", clientKeys.getPrivate(), password, new Certificate[] {clientCert, caCert});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build an SSLContext from the test certificates", e);
    }
  }

  /**
   * Deletes the directory and its files now rather than at JVM exit. Idempotent; the paths are gone
   * afterwards, {@link #sslContext(boolean)} still works (it holds the keys in memory).
   */
  @Override
  public void close() {
    OwnedResources.deleteNow(directory);
  }

  @Override
  public String toString() {
    return "TestCertificates[" + directory + ", server names " + serverNames + "]";
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder ca(String subject, KeyPair keys, Instant now)
      throws GeneralSecurityException, IOException {
    X500Name name = new X500Name(subject);
    X509v3CertificateBuilder builder = base(name, name, keys, now);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return builder;
  }

  private X509v3CertificateBuilder leaf(
      String subject, KeyPair keys, Instant now, KeyPurposeId purpose, List<String> names)
      throws GeneralSecurityException, IOException {
    X509v3CertificateBuilder builder =
        base(new X500Name(caCert.getSubjectX500Principal().getName()), new X500Name(subject), keys,
            now);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    builder.addExtension(
        Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
    if (!names.isEmpty()) {
      List<GeneralName> sans = new ArrayList<>();
      for (String n : names) {
        boolean ip = IPV4.matcher(n).matches() || n.contains(":");
        sans.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, n));
      }
      builder.addExtension(
          Extension.subjectAlternativeName, false,
          new GeneralNames(sans.toArray(new GeneralName[0])));
    }
    return builder;
  }

  private static X509v3CertificateBuilder base(
      X500Name issuer, X500Name subject, KeyPair keys, Instant now) {
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofHours(VALIDITY_HOURS))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static void writePem(Path file, String type, byte[] der) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(
        file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
