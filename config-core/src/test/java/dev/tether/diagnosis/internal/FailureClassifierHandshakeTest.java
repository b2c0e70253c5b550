package dev.tether.diagnosis.internal;

import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.DiagnosisCode;

import io.lettuce.core.RedisConnectionException;
import io.netty.handler.ssl.SslClosedEngineException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A TLS handshake cut by the network (a proxy resetting connections, seen in the chaos suite's reset-peer run over
 * TLS) is a connection failure another attempt can get past, not a TLS setting that every attempt would repeat.
 */
class FailureClassifierHandshakeTest {

    private static Throwable connecting(Throwable cause) {
        return new RedisConnectionException("Unable to connect to 127.0.0.1:6379", cause);
    }

    @Test
    void aHandshakeWhoseRecordsArrivedGarbledIsAResetNotATlsSetting() {
        Diagnosis d = FailureClassifier.classify(connecting(new SSLHandshakeException("Received fatal alert: decode_error")), true);
        assertThat(d.code()).isEqualTo(DiagnosisCode.CONNECTION_RESET);
    }

    @Test
    void aHandshakeWhoseChannelClosedUnderItIsAClose() {
        Diagnosis d = FailureClassifier.classify(connecting(new SslClosedEngineException("SSLEngine closed already")), true);
        assertThat(d.code()).isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
    }

    @Test
    void aHandshakeResetByThePeerIsAReset() {
        SSLHandshakeException e = new SSLHandshakeException("handshake failed");
        e.initCause(new java.io.IOException("Connection reset by peer"));
        assertThat(FailureClassifier.classify(connecting(e), true).code()).isEqualTo(DiagnosisCode.CONNECTION_RESET);
    }

    @Test
    void aVersionOrCipherMismatchStaysATlsFailure() {
        Diagnosis d = FailureClassifier.classify(connecting(new SSLHandshakeException("Received fatal alert: protocol_version")), true);
        assertThat(d.code()).isEqualTo(DiagnosisCode.TLS_FAILED);
        assertThat(FailureClassifier.classify(connecting(new SSLHandshakeException("Received fatal alert: handshake_failure")), true).code())
                .isEqualTo(DiagnosisCode.TLS_FAILED);
    }

    /** Seen in the storm check at maxclients: the server closed before Lettuce's handshake handler was in place. */
    @Test
    void aChannelClosedBeforeTheHandshakeStartedIsAClose() {
        Throwable closedEarly = new IllegalStateException("RedisHandshakeHandler not registered");
        assertThat(FailureClassifier.classify(closedEarly, false, true).code()).isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
        assertThat(FailureClassifier.classify(closedEarly, true).code()).isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
        assertThat(FailureClassifier.classify(connecting(closedEarly), false, true).code()).isEqualTo(DiagnosisCode.CONNECTION_CLOSED);
    }
}
