package dev.tether.testkit.proxy;

import eu.rekawek.toxiproxy.model.ToxicDirection;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tether.testkit.proxy.StreamEnd.FIN;
import static dev.tether.testkit.proxy.StreamEnd.RST;

/**
 * The probe script: the data-path behaviours a chaos test's verdict depends on (close timing, RST or FIN on
 * each side, bytes delivered, SO_LINGER after a toxic is gone), each with what the real Toxiproxy does.
 * The expectations come from Toxiproxy's Go source (Shopify/toxiproxy, 2.12.0 and later); the file and lines
 * for each are in {@code testkit/README-toxiproxy.md}. Every probe answers facts as strings, so that a
 * difference reads as one line.
 */
final class ToxiproxyProbes {
    private static final Duration END_WAIT = Duration.ofSeconds(5);
    private static final Duration REPLY_WAIT = Duration.ofSeconds(3);

    private ToxiproxyProbes() {
    }

    static List<Probe> all() {
        return List.of(
                new Probe("timeout is re-armed by every chunk", facts(
                        "during steady traffic", "open",
                        "closes", "timeout after the last chunk",
                        "client end", FIN,
                        "client bytes", "0"), ToxiproxyProbes::timeoutRearmedByTraffic),
                new Probe("reset_peer downstream on a new connection resets both sides", facts(
                        "client end", RST,
                        "client bytes", "0",
                        "upstream end", RST,
                        "upstream bytes", "5"), rig -> resetPeerOnNewConnection(rig, ToxicDirection.DOWNSTREAM)),
                new Probe("reset_peer upstream on a new connection resets both sides", facts(
                        "client end", RST,
                        "client bytes", "0",
                        "upstream end", RST,
                        "upstream bytes", "0"), rig -> resetPeerOnNewConnection(rig, ToxicDirection.UPSTREAM)),
                new Probe("reset_peer on a connection opened before it closes with FIN", facts(
                        "client end", FIN,
                        "client bytes", "5",
                        "upstream end", FIN,
                        "upstream bytes", "10"), ToxiproxyProbes::resetPeerOnExistingConnection),
                new Probe("a reset_peer removed while counting down resets anyway", facts(
                        "client end", RST,
                        "client bytes", "0",
                        "upstream end", RST,
                        "upstream bytes", "5"), ToxiproxyProbes::resetPeerRemovedWhileArmed),
                new Probe("a plain close is a FIN on both sides", facts(
                        "client end", FIN,
                        "client bytes", "5",
                        "upstream end", FIN), rig -> closeAfterResetPeerRemoved(rig, false)),
                new Probe("SO_LINGER 0 outlives a removed reset_peer", facts(
                        "client end", RST,
                        "client bytes", "5",
                        "upstream end", RST), rig -> closeAfterResetPeerRemoved(rig, true)),
                new Probe("deleting a timeout closes connections whatever its toxicity", facts(
                        "bytes through the toxic that never applied", "5",
                        "client end after delete", FIN,
                        "upstream end after delete", FIN), rig -> timeoutRemovalCloses(rig, false)),
                new Probe("POST /reset closes connections under a timeout whatever its toxicity", facts(
                        "bytes through the toxic that never applied", "5",
                        "toxics after reset", "0",
                        "client end after delete", FIN,
                        "upstream end after delete", FIN), rig -> timeoutRemovalCloses(rig, true)),
                // A race in the real server: its writer closes the upstream socket microseconds after the last
                // bytes, usually before the reply arrives (4 of 5 runs of a toxiproxy-server built from source).
                new Probe("upstream limit_data loses the reply to the last bytes", 5, facts(
                        "upstream bytes", "95",
                        "client bytes", "90",
                        "client end", FIN), ToxiproxyProbes::limitDataUpstream));
    }

    /** A downstream timeout of 800 ms on a connection with a reply every 200 ms for 2.4 s. */
    private static Map<String, String> timeoutRearmedByTraffic(Rig rig) throws Exception {
        long timeoutMillis = 800;
        Rig.Client client = rig.connect();
        rig.upstream().last(REPLY_WAIT);
        rig.proxy().toxics().timeout("silence", ToxicDirection.DOWNSTREAM, timeoutMillis);
        long lastChunk = 0;
        for (int i = 0; i < 12 && !client.in().hasEnded(); i++) {
            client.send("x");
            lastChunk = System.nanoTime();
            Thread.sleep(200); // the traffic's own pace, not a wait for a condition
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("during steady traffic", client.in().hasEnded() ? "closed" : "open");
        String end = client.in().kind(Duration.ofMillis(timeoutMillis).plus(END_WAIT));
        long afterLast = (client.in().endedAt() - lastChunk) / 1_000_000;
        facts.put("closes", !client.in().hasEnded() ? "never"
                : afterLast < timeoutMillis * 3 / 4 ? "before timeout after the last chunk (" + afterLast + " ms)"
                : "timeout after the last chunk");
        facts.put("client end", end);
        facts.put("client bytes", String.valueOf(client.in().bytes()));
        return facts;
    }

    /** A reset_peer (timeout 0) added before the client connects; the client sends 5 bytes. */
    private static Map<String, String> resetPeerOnNewConnection(Rig rig, ToxicDirection direction) throws Exception {
        rig.proxy().toxics().resetPeer("reset", direction, 0);
        Rig.Client client = rig.connect();
        client.send("hello");
        return bothEnds(rig, client);
    }

    /** A round trip, then a downstream reset_peer (timeout 0) added, then 5 more bytes. */
    private static Map<String, String> resetPeerOnExistingConnection(Rig rig) throws Exception {
        Rig.Client client = rig.connect();
        client.send("hello");
        client.in().awaitBytes(5, REPLY_WAIT);
        rig.proxy().toxics().resetPeer("reset", ToxicDirection.DOWNSTREAM, 0);
        client.send("again");
        return bothEnds(rig, client);
    }

    /** A downstream reset_peer of 1.5 s, armed by a reply, deleted before it fires. */
    private static Map<String, String> resetPeerRemovedWhileArmed(Rig rig) throws Exception {
        rig.proxy().toxics().resetPeer("reset", ToxicDirection.DOWNSTREAM, 1500);
        Rig.Client client = rig.connect();
        client.send("hello");
        rig.upstream().last(REPLY_WAIT);
        Thread.sleep(300); // let the reply reach the toxic and arm it; the probe is about what happens next
        rig.proxy().toxics().get("reset").remove();
        return bothEnds(rig, client);
    }

    /** How the client's and the upstream's streams ended, and the bytes each received. */
    private static Map<String, String> bothEnds(Rig rig, Rig.Client client) throws InterruptedException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("client end", client.in().kind(END_WAIT));
        facts.put("client bytes", String.valueOf(client.in().bytes()));
        ProbeUpstream.Connection upstream = rig.upstream().last(REPLY_WAIT);
        facts.put("upstream end", upstream.end(END_WAIT));
        facts.put("upstream bytes", String.valueOf(upstream.received()));
        return facts;
    }

    /**
     * With {@code lingering}: a reset_peer exists while the client connects and is deleted before any data.
     * Then a round trip, and the client shuts down its output: the proxy closes the upstream, then the client.
     */
    private static Map<String, String> closeAfterResetPeerRemoved(Rig rig, boolean lingering) throws Exception {
        if (lingering) {
            rig.proxy().toxics().resetPeer("reset", ToxicDirection.DOWNSTREAM, 0);
        }
        Rig.Client client = rig.connect();
        ProbeUpstream.Connection upstream = rig.upstream().last(REPLY_WAIT);
        if (lingering) {
            rig.proxy().toxics().get("reset").remove();
        }
        client.send("hello");
        client.in().awaitBytes(5, REPLY_WAIT);
        client.socket().shutdownOutput();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("client end", client.in().kind(END_WAIT));
        facts.put("client bytes", String.valueOf(client.in().bytes()));
        facts.put("upstream end", upstream.end(END_WAIT));
        return facts;
    }

    /** A downstream timeout of 0 (never fires) with toxicity 0 (never applies), then deleted or reset. */
    private static Map<String, String> timeoutRemovalCloses(Rig rig, boolean byReset) throws Exception {
        rig.proxy().toxics().timeout("never", ToxicDirection.DOWNSTREAM, 0).setToxicity(0f);
        Rig.Client client = rig.connect();
        client.send("hello");
        client.in().awaitBytes(5, REPLY_WAIT);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("bytes through the toxic that never applied", String.valueOf(client.in().bytes()));
        if (byReset) {
            try {
                rig.client().reset();
            } catch (IOException e) {
                // toxiproxy-java re-reads every proxy it ever made after POST /reset, the deleted ones too
            }
            facts.put("toxics after reset", String.valueOf(rig.proxy().toxics().getAll().size()));
        } else {
            rig.proxy().toxics().get("never").remove();
        }
        facts.put("client end after delete", client.in().kind(END_WAIT));
        facts.put("upstream end after delete", rig.upstream().last(REPLY_WAIT).end(END_WAIT));
        return facts;
    }

    /** An upstream limit_data of 95 bytes under ten round trips of 10 bytes (the last one sent in part). */
    private static Map<String, String> limitDataUpstream(Rig rig) throws Exception {
        rig.proxy().toxics().limitData("limit", ToxicDirection.UPSTREAM, 95);
        Rig.Client client = rig.connect();
        for (int i = 1; i <= 10 && !client.in().hasEnded(); i++) {
            client.send("0123456789");
            client.in().awaitBytes(10 * i, Duration.ofMillis(1500));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        ProbeUpstream.Connection upstream = rig.upstream().last(REPLY_WAIT);
        String end = client.in().kind(END_WAIT);
        facts.put("upstream bytes", String.valueOf(upstream.received()));
        facts.put("client bytes", String.valueOf(client.in().bytes()));
        facts.put("client end", end);
        return facts;
    }

    private static Map<String, String> facts(String... keyValues) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            facts.put(keyValues[i], keyValues[i + 1]);
        }
        return facts;
    }
}
