package dev.tether.doctor.internal;

import dev.tether.config.RedisSettings;
import dev.tether.config.TlsMaterial;
import dev.tether.config.TlsVerify;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;
import dev.tether.diagnosis.spi.Classification;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * The TLS step: a handshake over an already connected socket, trusting the JDK's CAs plus
 * {@code REDIS_TLS_CA_FILE}, verifying as {@code REDIS_TLS_VERIFY} says. Failures become diagnoses
 * from what the trust check saw, not from exception text where it can be avoided. Construct it
 * before the step's clock starts: setting up the context is local work, not the server's time.
 */
final class TlsHandshake {
    private static final int EXPIRY_WARNING_DAYS = 14;

    private final RedisSettings settings;
    private final PeerCertificateCheck check;
    private final SSLContext context;
    private String detail;

    TlsHandshake(RedisSettings settings) throws StepFailedException {
        this.settings = settings;
        TlsMaterial material;
        try {
            material = TlsMaterial.of(settings);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new StepFailedException(new Diagnosis(DiagnosisCode.TLS_FAILED, "cannot use the TLS files: " + e.getMessage(),
                    "REDIS_TLS_CA_FILE, REDIS_TLS_CERT_FILE and REDIS_TLS_KEY_FILE must name readable PEM files (see tether config)"));
        }
        this.check = new PeerCertificateCheck(material.trustManager().orElse(null), settings.tlsVerify());
        try {
            this.context = SSLContext.getInstance("TLS");
            KeyManager[] client = material.keyManagerFactory().map(KeyManagerFactory::getKeyManagers).orElse(null);
            context.init(client, new TrustManager[] {check}, null);
            warmUp(context);
        } catch (GeneralSecurityException | SSLException e) {
            throw new StepFailedException(Diagnosis.of(DiagnosisCode.TLS_FAILED, "cannot set up TLS: " + e.getMessage()));
        }
    }

    /**
     * Builds a ClientHello without sending it: a cold JVM spends up to a second loading and
     * initialising its TLS code, which must not eat the handshake's network budget.
     */
    private static void warmUp(SSLContext context) throws SSLException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
        engine.closeOutbound();
    }

    /** What the handshake found: protocol, cipher, certificate subject and expiry. */
    String detail() {
        return detail;
    }

    /**
     * Performs the handshake; on success the returned socket carries the session.
     *
     * @param threads the run's threads: a watchdog closes {@code tcp} at the deadline
     * @throws StepFailedException with the diagnosis when the handshake fails
     * @throws IOException         on a timeout or a closed connection (the caller probes why)
     */
    SSLSocket handshake(Socket tcp, Deadline deadline, RunThreads threads) throws IOException, StepFailedException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(tcp, settings.host(), settings.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        if (settings.tlsVerify() == TlsVerify.FULL) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(parameters);
        // SO_TIMEOUT bounds each read, not the CPU work between them (a cold JVM spends hundreds of ms
        // there), so the deadline itself closes the socket.
        ssl.setSoTimeout(deadline.socketTimeout());
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> guard = threads.schedule(() -> {
            expired.set(true);
            closeQuietly(tcp);
        }, deadline.remainingMillis());
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            if (expired.get()) {
                throw new SocketTimeoutException("the TLS handshake did not finish in time");
            }
            throw new StepFailedException(diagnose(e));
        } catch (IOException e) {
            throw expired.get() ? new SocketTimeoutException("the TLS handshake did not finish in time") : e;
        } finally {
            guard.cancel(false);
        }
        SSLSession session = ssl.getSession();
        detail = describe(session);
        return ssl;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the handshake sees the close
        }
    }

    private Diagnosis diagnose(SSLException e) {
        X509Certificate peer = check.chain() == null || check.chain().length == 0 ? null : check.chain()[0];
        if (check.failure() != null && peer != null) {
            return switch (check.failure()) {
                case UNTRUSTED -> Diagnosis.of(DiagnosisCode.TLS_UNTRUSTED, "the server's certificate (" + subject(peer) + ", issued by "
                        + peer.getIssuerX500Principal().getName() + ") does not chain to a trusted CA"
                        + (settings.tlsCaFile().isPresent() ? " (JDK CAs + " + settings.tlsCaFile().get().getFileName() + ")" : ""));
                case EXPIRED -> Diagnosis.of(DiagnosisCode.TLS_UNTRUSTED, "the server's certificate (" + subject(peer) + ") expired on "
                        + peer.getNotAfter().toInstant().truncatedTo(ChronoUnit.SECONDS));
                case HOSTNAME -> Diagnosis.of(DiagnosisCode.TLS_HOSTNAME_MISMATCH, "the server's certificate is for "
                        + names(peer) + ", not for " + settings.host());
            };
        }
        return Classification.ofFailure(e, true);
    }

    private String describe(SSLSession session) {
        StringBuilder s = new StringBuilder(session.getProtocol()).append(' ').append(session.getCipherSuite());
        X509Certificate peer = check.chain() == null || check.chain().length == 0 ? null : check.chain()[0];
        if (peer != null) {
            Instant notAfter = peer.getNotAfter().toInstant();
            long days = Duration.between(Instant.now(), notAfter).toDays();
            s.append(", ").append(subject(peer)).append(", expires ").append(notAfter.truncatedTo(ChronoUnit.SECONDS));
            if (days < EXPIRY_WARNING_DAYS) {
                s.append(" (in ").append(days).append(" days)");
            }
        }
        s.append(switch (settings.tlsVerify()) {
            case FULL -> ", verified (chain and host name)";
            case CA -> ", chain verified, host name not checked (REDIS_TLS_VERIFY=ca)";
            case NONE -> ", NOT VERIFIED (REDIS_TLS_VERIFY=none)";
        });
        return s.toString();
    }

    private static String subject(X509Certificate cert) {
        return "subject " + cert.getSubjectX500Principal().getName();
    }

    private static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    names.add(String.valueOf(san.get(1)));
                }
            }
        } catch (CertificateParsingException ignored) {
            // fall back to the subject
        }
        return names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
    }
}
