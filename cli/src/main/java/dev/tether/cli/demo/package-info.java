/**
 * {@code tether demo}: a local redis-server behind the embedded Toxiproxy-compatible proxy, the
 * example worker on one shared connection, a script of faults (reset, outage, latency, stall) with a
 * live status, and a summary. Uses testkit, which the CLI may use for this command only.
 */
package dev.tether.cli.demo;
