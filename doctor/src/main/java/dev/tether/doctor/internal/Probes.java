package dev.tether.doctor.internal;

import dev.tether.config.RedisSettings;
import dev.tether.config.TlsVerify;
import dev.tether.diagnosis.Diagnosis;
import dev.tether.diagnosis.spi.Classification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Second looks after a step failed ambiguously, each on a fresh connection and within the given
 * deadline: does the port speak TLS, does it speak plaintext RESP, does the server say something
 * before it is asked (maxclients)?
 */
final class Probes {
    private Probes() {
    }

    /** Whether a TLS handshake (certificate not checked) completes on the address. */
    static boolean speaksTls(RedisSettings settings, InetSocketAddress address, Deadline deadline, RunThreads threads) {
        try (Socket tcp = connect(address, deadline)) {
            RedisSettings anyCertificate = settings.toBuilder().tls(true).tlsVerify(TlsVerify.NONE).build();
            new TlsHandshake(anyCertificate).handshake(tcp, deadline, threads).close();
            return true;
        } catch (IOException | StepFailedException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Why a TLS server closes a connection right after the handshake: under TLS 1.3 a rejected client
     * certificate arrives as an alert after the client already considers the handshake done.
     */
    static Optional<Diagnosis> alertAfterHandshake(TlsHandshake tls, InetSocketAddress address, Deadline deadline, RunThreads threads) {
        try (Socket tcp = connect(address, deadline); RespConnection resp = new RespConnection(tls.handshake(tcp, deadline, threads))) {
            resp.read(deadline);
            return Optional.empty();
        } catch (SSLException e) {
            return Optional.of(Classification.ofFailure(e, true));
        } catch (IOException | StepFailedException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The reply to a plaintext PING, if the port answers one in RESP (an error reply counts). */
    static Optional<Object> plaintextPing(InetSocketAddress address, Deadline deadline) {
        try (Socket tcp = connect(address, deadline); RespConnection resp = new RespConnection(tcp)) {
            return Optional.of(String.valueOf(describe(resp.call(deadline, "PING"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What the server says on a fresh connection before the client sends anything (e.g. the maxclients error). */
    static Optional<Object> unprompted(InetSocketAddress address, Deadline deadline) {
        try (Socket tcp = connect(address, deadline); RespConnection resp = new RespConnection(tcp)) {
            return Optional.ofNullable(resp.read(deadline));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String describe(Object reply) {
        return reply instanceof RespConnection.Error e ? "-" + e.text() : "+" + reply;
    }

    private static Socket connect(InetSocketAddress address, Deadline deadline) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, deadline.socketTimeout());
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
