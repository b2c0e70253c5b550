package dev.tether.doctor;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Names the cause of a connection failure from the exception a driver threw (Lettuce, Netty or the
 * JDK), walking the cause chain. Stateless and thread-safe; messages are redacted.
 */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    /**
     * Classifies {@code failure}.
     *
     * @param failure what was thrown
     * @param tls     whether the client used TLS (a reset means something else with and without it)
     */
    public static Diagnosis classify(Throwable failure, boolean tls) {
        String all = chainText(failure);
        String lower = all.toLowerCase(Locale.ROOT);
        Throwable root = rootCause(failure);
        String rootText = root.getClass().getSimpleName() + ": " + root.getMessage();

        if (has(failure, UnknownHostException.class) || lower.contains("unknownhost") || lower.contains("name or service not known")
                || lower.contains("failed to resolve") || lower.contains("nodename nor servname")) {
            return Diagnosis.of(DiagnosisCode.DNS_UNRESOLVABLE, "the host name does not resolve");
        }
        if (lower.contains("wrongpass") || lower.contains("invalid password") || lower.contains("invalid username-password")) {
            return Diagnosis.of(DiagnosisCode.AUTH_FAILED, "the server refused the user name or password (WRONGPASS)");
        }
        if (lower.contains("noauth")) {
            return Diagnosis.of(DiagnosisCode.AUTH_REQUIRED, "the server requires a password and none was sent (NOAUTH)");
        }
        if (lower.contains("noperm")) {
            return Diagnosis.of(DiagnosisCode.ACL_DENIED, "the ACL user may not run a command the client needs (NOPERM)");
        }
        if (lower.contains("max number of clients")) {
            return Diagnosis.of(DiagnosisCode.MAX_CLIENTS, "the server has reached maxclients");
        }
        if (lower.contains("loading the dataset")) {
            return Diagnosis.of(DiagnosisCode.SERVER_LOADING, "the server is loading its dataset");
        }
        if (lower.contains("not an ssl/tls record") || lower.contains("unrecognized ssl message")) {
            return Diagnosis.of(DiagnosisCode.TLS_NOT_OFFERED, "the server answered the TLS handshake in plaintext");
        }
        if (lower.contains("no subject alternative") || lower.contains("hostname") && lower.contains("match")) {
            return Diagnosis.of(DiagnosisCode.TLS_HOSTNAME_MISMATCH, "the certificate is not valid for this host name");
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                || lower.contains("certificate_unknown") || lower.contains("unknown_ca")) {
            return Diagnosis.of(DiagnosisCode.TLS_UNTRUSTED, "the server's certificate does not chain to a trusted CA");
        }
        if (has(failure, ConnectException.class) && lower.contains("refused") || lower.contains("connection refused")) {
            return Diagnosis.of(DiagnosisCode.TCP_REFUSED, "connection refused");
        }
        if (has(failure, NoRouteToHostException.class)) {
            return Diagnosis.of(DiagnosisCode.TCP_TIMEOUT, "no route to host");
        }
        if (lower.contains("connection timed out") || lower.contains("connect timed out")
                || (has(failure, ConnectException.class) && lower.contains("timed out"))) {
            return Diagnosis.of(DiagnosisCode.TCP_TIMEOUT, "the TCP connect got no answer in time");
        }
        if (lower.contains("handshake timed out")) {
            return Diagnosis.of(DiagnosisCode.TLS_NOT_OFFERED, "the TLS handshake got no answer: the port may not speak TLS");
        }
        if (has(failure, SSLHandshakeException.class) || has(failure, SSLException.class)) {
            return Diagnosis.of(DiagnosisCode.TLS_FAILED, "TLS failed: " + rootText);
        }
        if (lower.contains("reset by peer") || lower.contains("connection reset")) {
            return tls ? Diagnosis.of(DiagnosisCode.CONNECTION_RESET, "the connection was reset by the peer")
                    : new Diagnosis(DiagnosisCode.CONNECTION_RESET, "the connection was reset by the peer",
                    "if this happens at every connect, the server may require TLS: use rediss://");
        }
        if (has(failure, SocketTimeoutException.class) || lower.contains("command timed out") || lower.contains("timeout")) {
            return Diagnosis.of(DiagnosisCode.SERVER_UNRESPONSIVE, "the server did not answer in time");
        }
        if (has(failure, ClosedChannelException.class) || lower.contains("connection closed") || lower.contains("channel closed")
                || lower.contains("connection disconnected")) { // Lettuce's cancellation of the commands it held
            return Diagnosis.of(DiagnosisCode.CONNECTION_CLOSED, "the connection was closed");
        }
        return Diagnosis.of(DiagnosisCode.UNKNOWN, rootText);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String chainText(Throwable t) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 12; c = c.getCause() == c ? null : c.getCause(), depth++) {
            s.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return s.toString();
    }
}
