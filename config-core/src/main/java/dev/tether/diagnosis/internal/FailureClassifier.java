package dev.tether.diagnosis.internal;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateExpiredException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Names the cause of a connection failure, so that one cause has one {@link DiagnosisCode} whether
 * a diagnosis provider ({@code tether doctor}) finds it, the shared connection's bootstrap gives up on it, or an outage WARN reports
 * it. {@link #classify(Throwable, boolean)} reads what a driver threw (Lettuce, Netty or the JDK),
 * walking the cause chain; {@link #classifyReply(String)} reads a Redis error reply. Stateless and
 * thread-safe; every message is redacted.
 */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    /**
     * Classifies {@code failure}. A reset or close while Lettuce was still connecting (before any
     * reply) on a plaintext connection is {@link DiagnosisCode#TLS_EXPECTED}: that is how a TLS-only
     * server answers a plaintext client.
     *
     * @param failure what was thrown; not null
     * @param tls     whether the client used TLS (a reset means something else with and without it)
     * @return the diagnosis, {@link DiagnosisCode#UNKNOWN} when no rule matches
     */
    public static Diagnosis classify(Throwable failure, boolean tls) {
        return classify(failure, tls, false);
    }

    /**
     * Classifies {@code failure} knowing whether this endpoint has answered a plaintext connection
     * before: then a reset or close while connecting is a {@link DiagnosisCode#CONNECTION_RESET} or
     * {@link DiagnosisCode#CONNECTION_CLOSED} (a fault on the way, a restart), not a TLS-only server.
     *
     * @param failure             what was thrown; not null
     * @param tls                 whether the client used TLS
     * @param answeredInPlaintext whether a plaintext connection to this endpoint has succeeded before
     * @return the diagnosis, {@link DiagnosisCode#UNKNOWN} when no rule matches
     */
    public static Diagnosis classify(Throwable failure, boolean tls, boolean answeredInPlaintext) {
        if (failure == null) {
            throw new IllegalArgumentException("failure must not be null");
        }
        String lower = chainText(failure).toLowerCase(Locale.ROOT);
        Throwable root = rootCause(failure);
        String rootText = root.getClass().getSimpleName() + ": " + root.getMessage();

        if (has(failure, UnknownHostException.class) || lower.contains("unknownhost") || lower.contains("name or service not known")
                || lower.contains("failed to resolve") || lower.contains("nodename nor servname")) {
            return Diagnosis.of(DiagnosisCode.DNS_UNRESOLVABLE, "the host name does not resolve");
        }
        // Lettuce carries error replies as exception messages (RedisCommandExecutionException and kin).
        for (Throwable c = failure; c != null; c = next(c)) {
            if (c.getMessage() != null) {
                Diagnosis reply = classifyReply(withoutExceptionName(c.getMessage()));
                if (reply.code() != DiagnosisCode.UNKNOWN) {
                    return reply;
                }
            }
        }
        if (lower.contains("invalid first byte") || lower.contains("not redis")) {
            return Diagnosis.of(DiagnosisCode.NOT_REDIS, "the server's answer is not the Redis protocol");
        }
        if (lower.contains("not an ssl/tls record") || lower.contains("unrecognized ssl message")) {
            return Diagnosis.of(DiagnosisCode.TLS_NOT_OFFERED, "the server answered the TLS handshake in plaintext");
        }
        if (lower.contains("no subject alternative") || lower.contains("no name matching")
                || lower.contains("hostname") && lower.contains("match")) {
            return Diagnosis.of(DiagnosisCode.TLS_HOSTNAME_MISMATCH, "the certificate is not valid for this host name");
        }
        if (has(failure, CertificateExpiredException.class) || lower.contains("certificate expired")
                || lower.contains("certificate_expired")) {
            return Diagnosis.of(DiagnosisCode.TLS_UNTRUSTED, "the server's certificate has expired");
        }
        if (lower.contains("pkix path") || lower.contains("unable to find valid certification path")
                || lower.contains("certificate_unknown") || lower.contains("unknown_ca")) {
            return Diagnosis.of(DiagnosisCode.TLS_UNTRUSTED, "the server's certificate does not chain to a trusted CA");
        }
        if (lower.contains("certificate_required") || lower.contains("bad_certificate")) {
            return new Diagnosis(DiagnosisCode.TLS_FAILED, "the server rejected the client certificate (mutual TLS)",
                    "the server requires a client certificate signed by a CA it trusts (tls-auth-clients)");
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
        boolean reset = lower.contains("reset by peer") || lower.contains("connection reset");
        boolean closed = has(failure, ClosedChannelException.class) || lower.contains("connection closed")
                || lower.contains("channel closed") || lower.contains("closed prematurely") || lower.contains("broken pipe")
                || lower.contains("connection disconnected") // Lettuce cancelling the commands it held
                || lower.contains("sslengine closed already") // Netty: the channel closed mid-handshake
                // Lettuce: the channel closed between TCP connect and the handshake (a server at maxclients
                // writes its error and closes at once; when the close wins, the error is never read)
                || lower.contains("redishandshakehandler not registered");
        if (has(failure, SSLException.class) && !reset && !closed && !garbledInTransit(lower)) {
            return Diagnosis.of(DiagnosisCode.TLS_FAILED, "TLS failed: " + rootText);
        }
        if ((reset || closed) && !tls && !answeredInPlaintext && whileConnecting(failure)) {
            return tlsExpected(reset ? "the server reset the plaintext connection before answering"
                    : "the server closed the plaintext connection before answering");
        }
        if (reset) {
            return tls ? Diagnosis.of(DiagnosisCode.CONNECTION_RESET, "the connection was reset by the peer")
                    : new Diagnosis(DiagnosisCode.CONNECTION_RESET, "the connection was reset by the peer",
                    "if this happens at every connect, the server may require TLS: use rediss://");
        }
        if (has(failure, SSLException.class) && garbledInTransit(lower)) {
            return Diagnosis.of(DiagnosisCode.CONNECTION_RESET, "the TLS handshake was cut or garbled in transit: " + rootText);
        }
        if (has(failure, SocketTimeoutException.class) || lower.contains("timed out") || lower.contains("timeout")) {
            return tls && whileConnecting(failure)
                    ? new Diagnosis(DiagnosisCode.SERVER_UNRESPONSIVE, "no answer while connecting over TLS",
                    "the server or a proxy does not answer, or the port does not speak TLS; run tether doctor to tell which")
                    : Diagnosis.of(DiagnosisCode.SERVER_UNRESPONSIVE, "the server did not answer in time");
        }
        if (closed) {
            return Diagnosis.of(DiagnosisCode.CONNECTION_CLOSED, "the connection was closed");
        }
        return Diagnosis.of(DiagnosisCode.UNKNOWN, rootText);
    }

    /**
     * Classifies a Redis error reply, e.g. {@code NOAUTH Authentication required.} or
     * {@code -WRONGPASS invalid username-password pair}. The leading {@code -} is optional.
     *
     * @param error the error reply's text; not null
     * @return the diagnosis, {@link DiagnosisCode#UNKNOWN} (quoting the reply) when no rule matches
     */
    public static Diagnosis classifyReply(String error) {
        if (error == null) {
            throw new IllegalArgumentException("error must not be null");
        }
        String text = error.startsWith("-") ? error.substring(1).strip() : error.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        String quoted = oneLine(text);
        if (lower.startsWith("wrongpass") || lower.contains("invalid password") || lower.contains("invalid username-password")) {
            return Diagnosis.of(DiagnosisCode.AUTH_FAILED, "the server refused the user name or password (" + quoted + ")");
        }
        if (lower.startsWith("noauth")) {
            return Diagnosis.of(DiagnosisCode.AUTH_REQUIRED, "the server requires a password and none was sent (" + quoted + ")");
        }
        if (lower.startsWith("noperm")) {
            return Diagnosis.of(DiagnosisCode.ACL_DENIED, "the ACL user may not run a command the client needs (" + quoted + ")");
        }
        if (lower.contains("max number of clients")) {
            return Diagnosis.of(DiagnosisCode.MAX_CLIENTS, "the server has reached maxclients (" + quoted + ")");
        }
        if (lower.startsWith("loading") || lower.contains("loading the dataset")) {
            return Diagnosis.of(DiagnosisCode.SERVER_LOADING, "the server is loading its dataset into memory (" + quoted + ")");
        }
        if (lower.startsWith("readonly")) {
            return Diagnosis.of(DiagnosisCode.READONLY_REPLICA, "the server is a replica and refuses writes (" + quoted + ")");
        }
        if (lower.contains("not allowed in cluster mode")) {
            return Diagnosis.of(DiagnosisCode.CLUSTER_MODE_MISMATCH, "the server is a cluster node and refuses what only a standalone "
                    + "server allows (" + quoted + "): a cluster has only database 0");
        }
        if (lower.startsWith("clusterdown")) {
            return Diagnosis.of(text.contains("Hash slot not served") ? DiagnosisCode.CLUSTER_SLOTS_UNCOVERED : DiagnosisCode.CLUSTER_DOWN,
                    "the cluster refuses the command (" + quoted + ")");
        }
        if (lower.startsWith("noquorum")) {
            return Diagnosis.of(DiagnosisCode.SENTINEL_NO_QUORUM, "the sentinels cannot authorize a failover (" + quoted + ")");
        }
        return Diagnosis.of(DiagnosisCode.UNKNOWN, "the server answered with an error: " + quoted);
    }

    /**
     * A handshake that broke because its bytes were cut or mangled on the way (a peer or proxy resetting
     * connections mid-handshake): the alert names a malformed record, not a setting. Another attempt can
     * succeed, unlike {@link DiagnosisCode#TLS_FAILED}'s version, cipher or certificate mismatches.
     */
    private static boolean garbledInTransit(String lower) {
        return lower.contains("decode_error") || lower.contains("unexpected_message") || lower.contains("record_overflow")
                || lower.contains("bad_record_mac");
    }

    private static Diagnosis tlsExpected(String message) {
        return Diagnosis.of(DiagnosisCode.TLS_EXPECTED, message + ": it most likely accepts TLS only");
    }

    /** Lettuce wraps every failure of a connection attempt (before the first reply) in "Unable to connect". */
    private static boolean whileConnecting(Throwable failure) {
        for (Throwable c = failure; c != null; c = next(c)) {
            if (c.getClass().getSimpleName().equals("RedisConnectionException") && c.getMessage() != null
                    && c.getMessage().startsWith("Unable to connect")) {
                return true;
            }
        }
        return false;
    }

    /** "io.lettuce.core.RedisCommandExecutionException: WRONGPASS ..." (a wrapper's message) becomes "WRONGPASS ...". */
    private static String withoutExceptionName(String message) {
        return message.replaceFirst("^([\\w$]+\\.)*[\\w$]+(Exception|Error): ", "");
    }

    private static String oneLine(String s) {
        String flat = s.replaceAll("[\\r\\n]+", " ").strip();
        return flat.length() > 160 ? flat.substring(0, 159) + "…" : flat;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 16; c = next(c), depth++) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        int depth = 0;
        while (next(c) != null && depth++ < 16) {
            c = next(c);
        }
        return c;
    }

    private static String chainText(Throwable t) {
        StringBuilder s = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 16; c = next(c), depth++) {
            s.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
        }
        return s.toString();
    }
}
