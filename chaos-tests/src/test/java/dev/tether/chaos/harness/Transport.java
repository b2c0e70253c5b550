package dev.tether.chaos.harness;

/** How the client reaches the server: plaintext, or a TLS-only server with the test CA trusted. */
public enum Transport {
    PLAIN("plain"),
    TLS("tls");

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
