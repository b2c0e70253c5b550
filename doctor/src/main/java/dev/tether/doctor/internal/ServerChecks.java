package dev.tether.doctor.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of one server on its open, authenticated connection, after the connection steps of a
 * {@link DoctorRun}: {@code PING}, {@code INFO server}, {@code INFO clients} and latency. Each returns
 * the step's detail or throws ({@link StepFailedException} with the diagnosis). Stateless.
 */
final class ServerChecks {
    private static final int LATENCY_SAMPLES = 20;

    private ServerChecks() {
    }

    static String ping(RespConnection resp, Deadline deadline) throws Exception {
        Object reply = resp.call(deadline, "PING");
        NodeChecks.expectReply(reply);
        return String.valueOf(reply);
    }

    static String infoServer(RespConnection resp, Deadline deadline) throws Exception {
        Optional<Map<String, String>> info = NodeChecks.info(resp, deadline, "server");
        if (info.isEmpty()) {
            return "skipped: INFO is not permitted for this user (NOPERM)";
        }
        Map<String, String> i = info.get();
        return "redis " + i.getOrDefault("redis_version", "?") + ", mode " + i.getOrDefault("redis_mode", "?")
                + ", uptime " + i.getOrDefault("uptime_in_seconds", "?") + " s";
    }

    static String infoClients(RespConnection resp, Deadline deadline) throws Exception {
        Optional<Map<String, String>> info = NodeChecks.info(resp, deadline, "clients");
        if (info.isEmpty()) {
            return "skipped: INFO is not permitted for this user (NOPERM)";
        }
        String connectedClients = info.get().getOrDefault("connected_clients", "?");
        String max = info.get().get("maxclients"); // INFO has it from Redis 7; before, ask CONFIG (often disabled on managed Redis)
        if (max == null) {
            Object reply = resp.call(deadline, "CONFIG", "GET", "maxclients");
            if (reply instanceof Map<?, ?> m && m.get("maxclients") != null) {
                max = String.valueOf(m.get("maxclients"));
            } else if (reply instanceof List<?> l && l.size() == 2) {
                max = String.valueOf(l.get(1));
            }
        }
        String detail = "connected " + connectedClients + ", maxclients " + (max == null ? "unknown (CONFIG not permitted)" : max);
        try {
            double used = Double.parseDouble(connectedClients) / Double.parseDouble(max);
            if (used >= 0.8) {
                detail += String.format(Locale.ROOT, " (%.0f%% used)", used * 100);
            }
        } catch (RuntimeException ignored) {
            // unknown numbers: nothing to add
        }
        return detail;
    }

    static String latency(RespConnection resp, Deadline deadline) throws Exception {
        long[] nanos = new long[LATENCY_SAMPLES];
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
            long start = System.nanoTime();
            NodeChecks.expectReply(resp.call(deadline, "PING"));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "p50 %.2f ms, p99 %.2f ms (%d PINGs)",
                percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6, LATENCY_SAMPLES);
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
