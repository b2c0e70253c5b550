package dev.tether.testkit.toxiproxy.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AllowedHostsTest {

    @Test
    void loopbackServerAnswersOnlyLoopbackNames() {
        AllowedHosts hosts = AllowedHosts.forServerHost("127.0.0.1");

        assertThat(hosts.loopbackOnly()).isTrue();
        assertThat(hosts.allows("localhost:8474")).isTrue();
        assertThat(hosts.allows("127.0.0.2")).isTrue();
        assertThat(hosts.allows("[::1]:8474")).isTrue();
        assertThat(hosts.allows(null)).as("no Host: not a browser").isTrue();
        assertThat(hosts.allows("rebind.attacker.example:8474")).isFalse();
        assertThat(hosts.allows("192.168.1.5:8474")).isFalse();
        assertThat(hosts.allows("localhost.attacker.example")).isFalse();
    }

    @Test
    void serverStartedOnANameAlsoAnswersThatName() {
        AllowedHosts hosts = AllowedHosts.forServerHost("toxiproxy.internal");

        assertThat(hosts.loopbackOnly()).isFalse();
        assertThat(hosts.allows("Toxiproxy.Internal:8474")).isTrue();
        assertThat(hosts.allows("other.internal:8474")).isFalse();
    }

    @Test
    void serverOnEveryInterfaceAnswersIpLiteralsButNoOtherNames() {
        AllowedHosts hosts = AllowedHosts.forServerHost("0.0.0.0");

        assertThat(hosts.loopbackOnly()).isFalse();
        assertThat(hosts.allows("192.168.1.5:8474")).isTrue();
        assertThat(hosts.allows("[fd00::5]:8474")).isTrue();
        assertThat(hosts.allows("rebind.attacker.example")).isFalse();
    }
}
