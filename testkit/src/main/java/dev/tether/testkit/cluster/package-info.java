/**
 * Real Redis topologies for tests, built from the same {@code redis-server} binary as {@link
 * dev.tether.testkit.RedisServer}: {@link dev.tether.testkit.cluster.RedisCluster} (primaries with
 * replicas, slots assigned over the protocol, no {@code redis-cli} needed) and {@link
 * dev.tether.testkit.cluster.RedisSentinelSet} (a primary, a replica and three sentinels). Every
 * node is a {@code RedisServer} on a loopback port; closing the topology kills its processes and
 * deletes its temp directories.
 */
package dev.tether.testkit.cluster;
