package dev.tether.chaos;

import dev.tether.chaos.harness.NetworkScenario;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.Transport;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which scenarios and transports run, and how often: all, unless narrowed while iterating with
 * {@code -Dchaos.scenarios=stall,outage-1s} and {@code -Dchaos.transports=tls}; each
 * {@code -Dchaos.repetitions} times (3 in {@code verify}, 10 with {@code -Pchaos-full}); TLS runs
 * {@code -Dchaos.repetitions.tls} times (1 in {@code verify}, to keep it short: every scenario still runs
 * over TLS, its distribution comes from {@code -Pchaos-full}).
 */
final class Selection {
    private Selection() {
    }

    static Stream<Scenario> scenarios() {
        Set<String> wanted = wanted("chaos.scenarios");
        return Arrays.stream(Scenario.values()).filter(s -> wanted.isEmpty() || wanted.contains(s.id()));
    }

    static Stream<NetworkScenario> networkScenarios() {
        Set<String> wanted = wanted("chaos.scenarios");
        return Arrays.stream(NetworkScenario.values()).filter(s -> wanted.isEmpty() || wanted.contains(s.id()));
    }

    static Stream<Transport> transports() {
        Set<String> wanted = wanted("chaos.transports");
        return Arrays.stream(Transport.values()).filter(t -> wanted.isEmpty() || wanted.contains(t.id()));
    }

    /** 1..N, the repetitions of each run. */
    static Stream<Integer> repetitions() {
        int n = Math.max(1, Integer.getInteger("chaos.repetitions", 3));
        return Stream.iterate(1, i -> i <= n, i -> i + 1);
    }

    /** 1..N, the repetitions of each run over {@code transport}. */
    static Stream<Integer> repetitions(Transport transport) {
        if (transport != Transport.TLS || System.getProperty("chaos.repetitions.tls", "").isBlank()) {
            return repetitions();
        }
        int n = Math.max(1, Integer.getInteger("chaos.repetitions.tls", 1));
        return Stream.iterate(1, i -> i <= n, i -> i + 1);
    }

    private static Set<String> wanted(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? Set.of() : Arrays.stream(value.split(",")).map(String::trim).collect(Collectors.toSet());
    }
}
