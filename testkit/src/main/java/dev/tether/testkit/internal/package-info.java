/**
 * Implementation of the testkit: RESP admin client, process tracking, signals, port picking and
 * {@code redis.conf} rendering. Not API: anything here may change without notice.
 */
package dev.tether.testkit.internal;
