/**
 * Real Redis servers and certificates for tests: {@link dev.tether.testkit.RedisServer} (a real
 * {@code redis-server} process: plain, password, ACL users, TLS, mTLS; freeze, kill, restart),
 * {@link dev.tether.testkit.RedisBinary} (which executable and why), {@link
 * dev.tether.testkit.TestCertificates} (a throwaway CA, server and client certificates) and {@link
 * dev.tether.testkit.RedisServerExtension} (JUnit 5 lifecycle and parameter injection). Fault
 * proxies live in {@code dev.tether.testkit.toxiproxy}; Redis Cluster and Sentinel topologies in
 * {@code dev.tether.testkit.cluster}; implementation in {@code
 * dev.tether.testkit.internal}.
 */
package dev.tether.testkit;
