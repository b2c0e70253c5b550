package dev.tether.chaos.clients;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Where a client under test connects: the fault proxy in front of the server, never the server itself.
 *
 * @param host     the proxy's client-side host
 * @param port     the proxy's client-side port
 * @param tls      whether the server speaks TLS only
 * @param caFile   the PEM CA that signed the server's certificate ({@code null} for plaintext)
 * @param password the current password in the "configuration source"; changes on rotation
 * @param provider the provider preset tether should use ({@code REDIS_PROVIDER}); {@code null} detects it from the host
 */
public record Target(String host, int port, boolean tls, Path caFile, Supplier<String> password, String provider) {

    public Target(String host, int port, boolean tls, Path caFile, Supplier<String> password) {
        this(host, port, tls, caFile, password, null);
    }
}
