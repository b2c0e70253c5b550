package dev.tether.chaos;

import dev.tether.chaos.harness.NetworkScenario;
import dev.tether.chaos.harness.Scenario;
import dev.tether.chaos.harness.Transport;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which scenarios and transports run, and how often. {@code -Dchaos.matrix=full} ({@code -Pchaos-full}) runs every
 * scenario over both transports; otherwise ({@code verify}) each suite runs its representative set: every fault class
 * at least once, over plaintext, and over TLS only the scenarios where TLS behaves differently (a handshake cut, a
 * record split or truncated, a close on a frozen path, a certificate naming a DNS name). {@code -Dchaos.scenarios=stall,outage-1s}
 * and {@code -Dchaos.transports=tls} name exactly what runs, whatever the matrix. Each run repeats
 * {@code -Dchaos.repetitions} times (10 with {@code -Pchaos-full}), TLS runs {@code -Dchaos.repetitions.tls} times.
 */
public final class Selection {
    private Selection() {
    }

    /** Whether the full matrix runs ({@code -Dchaos.matrix=full}, set by {@code -Pchaos-full}). */
    public static boolean full() {
        return "full".equals(System.getProperty("chaos.matrix", "representative").trim());
    }

    /**
     * {@code all}, narrowed to {@code representative} unless the matrix is full; names given in {@code -Dchaos.scenarios}
     * select exactly those.
     */
    static <E extends Enum<E>> Stream<E> select(E[] all, Set<E> representative, Function<E, String> id) {
        Set<String> wanted = wanted("chaos.scenarios");
        return Arrays.stream(all).filter(s -> wanted.isEmpty() ? full() || representative.contains(s) : wanted.contains(id.apply(s)));
    }

    /**
     * The transports a scenario runs over: both with the full matrix, else plaintext, and TLS too when
     * {@code tlsDiffers}; {@code -Dchaos.transports} selects exactly those named.
     */
    public static Stream<Transport> transports(boolean tlsDiffers) {
        Set<String> wanted = wanted("chaos.transports");
        return Arrays.stream(Transport.values()).filter(t -> wanted.isEmpty()
                ? full() || t == Transport.PLAIN || tlsDiffers
                : wanted.contains(t.id()));
    }

    /** Every scenario, or those named in {@code -Dchaos.scenarios} (the baselines, which compare the full set). */
    static Stream<Scenario> scenarios() {
        Set<String> wanted = wanted("chaos.scenarios");
        return Arrays.stream(Scenario.values()).filter(s -> wanted.isEmpty() || wanted.contains(s.id()));
    }

    /** Every network scenario, or those named in {@code -Dchaos.scenarios} (the baselines). */
    static Stream<NetworkScenario> networkScenarios() {
        Set<String> wanted = wanted("chaos.scenarios");
        return Arrays.stream(NetworkScenario.values()).filter(s -> wanted.isEmpty() || wanted.contains(s.id()));
    }

    /** Both transports, or those named in {@code -Dchaos.transports} (the baselines). */
    static Stream<Transport> transports() {
        Set<String> wanted = wanted("chaos.transports");
        return Arrays.stream(Transport.values()).filter(t -> wanted.isEmpty() || wanted.contains(t.id()));
    }

    /** 1..N, the repetitions of each run. */
    static Stream<Integer> repetitions() {
        int n = Math.max(1, Integer.getInteger("chaos.repetitions", 3));
        return Stream.iterate(1, i -> i <= n, i -> i + 1);
    }

    /**
     * 1..N, the repetitions of each cluster or Sentinel run: {@code -Dchaos.cluster.repetitions} (1 in {@code verify},
     * where each run forms a fresh cluster; 10 with {@code -Pchaos-full}), else {@link #repetitions()}.
     */
    static Stream<Integer> clusterRepetitions() {
        if (System.getProperty("chaos.cluster.repetitions", "").isBlank()) {
            return repetitions();
        }
        int n = Math.max(1, Integer.getInteger("chaos.cluster.repetitions", 1));
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
