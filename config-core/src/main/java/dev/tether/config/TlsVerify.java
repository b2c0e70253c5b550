package dev.tether.config;

/** How a TLS peer certificate is checked. */
public enum TlsVerify {
    /** Chain to a trusted CA and the host name matches the certificate (default). */
    FULL,
    /** Chain to a trusted CA; the host name is not checked. */
    CA,
    /** Nothing is checked. Only for local experiments; tether warns at every start. */
    NONE
}
