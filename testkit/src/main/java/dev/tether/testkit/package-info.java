/** Real Redis servers, certificates and fault proxies for tests. */
package dev.tether.testkit;
