package dev.tether.chaos.workload;

import java.util.List;
import java.util.Map;

/**
 * What the mixed workload proved in one scenario run. Every count here must be zero (and
 * {@code resubscribed} true) for the shared connection to have kept its promises.
 *
 * @param lost                   acknowledged writes (plain, pipelined, queued jobs, stream entries) missing afterwards
 * @param phantom                writes applied although the caller was told "not sent"
 * @param misdelivered           replies or messages that belong to another command, key or channel; jobs consumed twice
 * @param misdeliveries          what the first (up to 20) misdeliveries were, for the failure message
 * @param hung                   calls still running past the bound, or actors that did not stop
 * @param foreignInTransaction   committed transactions whose EXEC held other commands, or counter/log out of step
 * @param staleAfterRecovery     client-side cache reads that still returned an old value after recovery
 * @param resubscribed           the pub/sub subscriber received a message published after recovery
 * @param gapsReported           subscription gaps reported (one per reconnect of the subscriber)
 * @param failedBeforeOwnTimeout TIMEOUT/STALLED failures that came before the call's own timeout
 * @param calls                  per actor: ok / not sent / unknown / other errors
 */
public record WorkloadVerdict(long lost, long phantom, long misdelivered, List<String> misdeliveries, long hung, long foreignInTransaction, long staleAfterRecovery,
                              boolean resubscribed, long gapsReported, long failedBeforeOwnTimeout, Map<String, String> calls) {

    public String summary() {
        return "lost " + lost + ", phantom " + phantom + ", misdelivered " + misdelivered + ", hung " + hung + ", foreign-in-tx "
                + foreignInTransaction + ", stale-after-recovery " + staleAfterRecovery + ", resubscribed " + resubscribed + " (gaps reported "
                + gapsReported + "), failed-before-own-timeout " + failedBeforeOwnTimeout;
    }
}
