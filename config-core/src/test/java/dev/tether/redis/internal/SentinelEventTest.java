package dev.tether.redis.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sentinel's event messages as redis-server 7.0 publishes them ({@code sentinel.c}, {@code sentinelEvent} with {@code %@}). */
class SentinelEventTest {
    @Test
    void aFailoverStartsWithTheMastersOwnEventsAndTheReplicasEventsThatNameIt() {
        assertThat(SentinelEvent.parse("mymaster", "+try-failover", "master mymaster 127.0.0.1 6379").kind())
                .isEqualTo(SentinelEvent.Kind.FAILOVER_STARTED);
        assertThat(SentinelEvent.parse("mymaster", "+selected-slave", "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379")
                .kind()).isEqualTo(SentinelEvent.Kind.FAILOVER_STARTED);
        assertThat(SentinelEvent.parse("mymaster", "-failover-abort-no-good-slave", "master mymaster 127.0.0.1 6379").kind())
                .isEqualTo(SentinelEvent.Kind.FAILOVER_ABORTED);
    }

    @Test
    void promotedSlaveCarriesTheNewPrimarysAddress() {
        SentinelEvent e = SentinelEvent.parse("mymaster", "+promoted-slave", "slave 127.0.0.1:6380 127.0.0.1 6380 @ mymaster 127.0.0.1 6379");
        assertThat(e).isEqualTo(new SentinelEvent(SentinelEvent.Kind.PROMOTED, "127.0.0.1", 6380));
    }

    @Test
    void eventsAfterThePromotionNeitherStartNorEndAFailover() {
        assertThat(SentinelEvent.parse("mymaster", "+failover-state-reconf-slaves", "master mymaster 127.0.0.1 6379")).isNull();
        assertThat(SentinelEvent.parse("mymaster", "+failover-end", "master mymaster 127.0.0.1 6379")).isNull();
    }

    @Test
    void switchMasterCarriesTheNewAddress() {
        SentinelEvent e = SentinelEvent.parse("mymaster", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 6380");
        assertThat(e).isEqualTo(new SentinelEvent(SentinelEvent.Kind.SWITCHED, "127.0.0.1", 6380));
    }

    @Test
    void anotherMastersEventsAndOtherChannelsAreIgnored() {
        assertThat(SentinelEvent.parse("mymaster", "+try-failover", "master orders 127.0.0.1 7000")).isNull();
        assertThat(SentinelEvent.parse("mymaster", "+selected-slave", "slave 127.0.0.1:7001 127.0.0.1 7001 @ orders 127.0.0.1 7000"))
                .isNull();
        assertThat(SentinelEvent.parse("mymaster", "+switch-master", "orders 127.0.0.1 7000 127.0.0.1 7001")).isNull();
        // +sdown is no failover: the master may come back by itself
        assertThat(SentinelEvent.parse("mymaster", "+sdown", "master mymaster 127.0.0.1 6379")).isNull();
        assertThat(SentinelEvent.parse("mymaster", "+switch-master", "mymaster 127.0.0.1 6379 127.0.0.1 port")).isNull();
    }

    @Test
    void everyChannelTheParserKnowsIsSubscribed() {
        assertThat(SentinelEvent.channels()).contains("+try-failover", "+failover-state-send-slaveof-noone", "+promoted-slave",
                "+switch-master", "-failover-abort-not-elected").doesNotContain("+failover-end", "+slave-reconf-sent").doesNotHaveDuplicates();
    }
}
