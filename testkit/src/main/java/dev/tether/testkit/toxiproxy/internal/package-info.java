/**
 * The embedded Toxiproxy's inside: HTTP routing ({@code ApiHandler}), the proxy registry, per-connection
 * links with their toxic chains, and a small JSON reader/writer. Not API.
 */
package dev.tether.testkit.toxiproxy.internal;
