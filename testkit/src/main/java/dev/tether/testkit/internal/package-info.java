/**
 * Implementation of the testkit: launching and signalling {@code redis-server} processes, port
 * picking, {@code redis.conf} rendering, credentials, the kit's admin channel, process tracking.
 * Not API: anything here may change without notice.
 */
package dev.tether.testkit.internal;
