package dev.tether.chaos.workload;

import java.util.List;
import java.util.Map;

/**
 * What the mixed workload proved in one cluster run. Every count but {@code lostByServer} and
 * {@code poppedTwiceByServer} must be zero (and {@code resubscribed} true) for tether to have kept its promises; those
 * two are what the cluster itself lost in the failover (asynchronous replication), reported, never asserted.
 *
 * @param lost                   acknowledged writes (plain, pipelined, scripted, queued jobs, stream entries) missing
 *                               afterwards that were acknowledged after the old primary was gone or demoted
 * @param lostByServer           acknowledged writes missing that were acknowledged before: the server's loss
 * @param phantoms               by kind of command: writes applied although the caller was told "not sent", or refused
 * @param replayed               a script's id twice in its log, or a job popped twice that no failover explains
 * @param poppedTwiceByServer    jobs popped again because the server lost the first pop (popped before it settled)
 * @param notAtomic              1 when the script's counter and log disagree (half a script applied)
 * @param misdelivered           replies or messages that belong to another command, key or channel
 * @param misdeliveries          what the first (up to 20) misdeliveries were
 * @param hung                   calls still running past the bound, or actors that did not stop
 * @param refusalsUntyped        refusals that went through or failed with anything but their typed exception
 * @param refusalFailures        what the first (up to 20) of those were
 * @param rawTopologyReplies     MOVED, ASK, CROSSSLOT, CLUSTERDOWN, TRYAGAIN, UNBLOCKED, READONLY or LOADING error replies
 *                               that reached a caller raw (tether follows, refuses or types every one of them)
 * @param writesRecovered        a write to the fault's slot was acknowledged after the fault (within the run's wait)
 * @param resubscribed           the pub/sub subscriber heard a message published after recovery
 * @param gapsReported           subscription gaps reported
 * @param failedBeforeOwnTimeout TIMEOUT/STALLED failures that came before the call's own timeout
 * @param calls                  per actor: ok / not sent / unknown / other errors
 * @param refusals               per refused command: how often it was refused typed (and not)
 * @param errorReplies           Redis error replies (and other errors) callers saw, by kind
 */
public record ClusterWorkloadVerdict(long lost, long lostByServer, Map<String, Long> phantoms, long replayed, long poppedTwiceByServer, long notAtomic,
                                     long misdelivered, List<String> misdeliveries, long hung, long refusalsUntyped,
                                     List<String> refusalFailures, long rawTopologyReplies, boolean writesRecovered, boolean resubscribed, long gapsReported,
                                     long failedBeforeOwnTimeout, Map<String, String> calls, Map<String, String> refusals,
                                     Map<String, Long> errorReplies) {

    /** Writes applied although "not sent" or refused, every kind together. */
    public long phantom() {
        return phantoms.values().stream().mapToLong(Long::longValue).sum();
    }

    public String summary() {
        return "lost " + lost + " (by server " + lostByServer + "), phantom " + phantom() + " " + phantoms + ", replayed " + replayed + " (popped twice by server "
                + poppedTwiceByServer + "), not atomic " + notAtomic + ", misdelivered " + misdelivered + ", hung " + hung
                + ", refusals untyped " + refusalsUntyped + ", raw topology replies " + rawTopologyReplies + ", writes recovered " + writesRecovered + ", resubscribed " + resubscribed + " (gaps "
                + gapsReported + "), failed-before-own-timeout " + failedBeforeOwnTimeout + ", error replies " + errorReplies;
    }
}
