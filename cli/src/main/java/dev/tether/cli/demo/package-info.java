/**
 * {@code tether demo}: a local redis-server behind the embedded Toxiproxy-compatible proxy, a small
 * job queue of its own (a producer and workers on one shared connection), a script of faults (reset,
 * outage, latency, stall) with a live status, and a summary. Uses testkit, which the CLI may use for
 * this command and {@code tether toxiproxy} only.
 */
package dev.tether.cli.demo;
