/**
 * Fault proxies for tests, whatever the machine offers: {@link dev.tether.testkit.proxy.FaultProxies}
 * picks the embedded server, a Toxiproxy container or an external server, and hands out
 * {@link dev.tether.testkit.proxy.FaultProxy} objects that say where a client connects.
 */
package dev.tether.testkit.proxy;
