/**
 * An embedded, Toxiproxy-compatible fault proxy: {@link dev.tether.testkit.toxiproxy.EmbeddedToxiproxy}.
 * Everything under {@code .internal} is implementation and may change without notice.
 */
package dev.tether.testkit.toxiproxy;
