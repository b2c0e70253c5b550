package dev.tether.chaos.harness;

import dev.tether.testkit.RedisServer;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the server's data after a run, over the kit's own admin connection (not through the proxy):
 * every acknowledged write is present with its value (else lost, or misdelivered when another value is
 * there), no write whose caller was told "not sent" is present (else phantom), and a read that answered
 * "no value" for a key that is present was a reply delivered to the wrong command.
 *
 * @param lost         acknowledged writes missing afterwards
 * @param phantom      writes refused as "not sent" that were applied anyway
 * @param misdelivered acknowledged keys holding another value, plus reads answered null for a present key
 */
public record Verification(long lost, long phantom, long misdelivered) {
    private static final int BATCH = 1000;

    public static Verification of(RedisServer server, Traffic traffic) {
        long lost = 0;
        long phantom = 0;
        long misdelivered = 0;
        for (int w = 0; w < traffic.workerCount(); w++) {
            int[] acked = traffic.acked(w);
            List<String> values = mget(server, traffic, w, acked);
            for (int i = 0; i < acked.length; i++) {
                String v = values.get(i);
                if (v == null) {
                    lost++;
                } else if (!v.equals(traffic.value(w, acked[i]))) {
                    misdelivered++;
                }
            }
            for (String v : mget(server, traffic, w, traffic.notSentWrites(w))) {
                if (v != null) {
                    phantom++;
                }
            }
            for (String v : mget(server, traffic, w, traffic.readsMissing(w))) {
                if (v != null) {
                    misdelivered++;
                }
            }
        }
        return new Verification(lost, phantom, misdelivered);
    }

    private static List<String> mget(RedisServer server, Traffic traffic, int worker, int[] seqs) {
        List<String> out = new ArrayList<>(seqs.length);
        for (int from = 0; from < seqs.length; from += BATCH) {
            int to = Math.min(seqs.length, from + BATCH);
            String[] args = new String[to - from + 1];
            args[0] = "MGET";
            for (int i = from; i < to; i++) {
                args[i - from + 1] = traffic.key(worker, seqs[i]);
            }
            String[] lines = server.command(args).split("\n", -1);
            if (lines.length != to - from) {
                throw new IllegalStateException("MGET of " + (to - from) + " keys answered " + lines.length + " lines");
            }
            for (String line : lines) {
                out.add("(nil)".equals(line) ? null : line);
            }
        }
        return out;
    }
}
