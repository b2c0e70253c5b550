package dev.tether.doctor.internal;

import dev.tether.config.TlsVerify;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks the server's certificate as {@link TlsVerify} says, in two separate stages (chain, then
 * host name) so that the doctor knows which one failed instead of guessing from exception text.
 * Remembers the chain it was shown. One per handshake; not thread-safe.
 */
final class PeerCertificateCheck extends X509ExtendedTrustManager {
    enum Failure { UNTRUSTED, EXPIRED, HOSTNAME }

    private final X509ExtendedTrustManager trusted;
    private final TlsVerify verify;
    private X509Certificate[] chain;
    private Failure failure;

    /** @param trusted the CAs to verify with; null with {@link TlsVerify#NONE} */
    PeerCertificateCheck(X509ExtendedTrustManager trusted, TlsVerify verify) {
        this.trusted = trusted;
        this.verify = verify;
    }

    X509Certificate[] chain() {
        return chain;
    }

    Failure failure() {
        return failure;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        this.chain = chain;
        if (verify == TlsVerify.NONE) {
            return;
        }
        try {
            trusted.checkServerTrusted(chain, authType); // chain only: no endpoint identification here
        } catch (CertificateException e) {
            failure = isExpired(e) ? Failure.EXPIRED : Failure.UNTRUSTED;
            throw e;
        }
        if (verify == TlsVerify.FULL) {
            try {
                trusted.checkServerTrusted(chain, authType, socket); // chain (passed) + host name
            } catch (CertificateException e) {
                failure = Failure.HOSTNAME;
                throw e;
            }
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the doctor uses sockets, not engines");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServerTrusted(chain, authType, (Socket) null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trusted == null ? new X509Certificate[0] : trusted.getAcceptedIssuers();
    }

    private static boolean isExpired(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return true;
            }
        }
        return false;
    }
}
