package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what a series of measurements means under an {@link AnalysisPolicy}. Pure: no I/O.
 *
 * <p>Limits apply to each gate separately (as Argo Rollouts applies them per metric). A FAIL or
 * an ERROR beyond its limit fails the analysis at once, whatever else was measured. Only PASS and
 * FAIL count toward {@code count}: an analysis never succeeds on measurements that decided
 * nothing (no data, NaN, unreachable).
 */
public final class AnalysisJudge {

    public enum Decision {
        /** Keep measuring. */
        CONTINUE,
        /** Enough measurements, within all limits. */
        SUCCEEDED,
        /** A limit on FAIL or ERROR was exceeded: abort at once. */
        FAILED,
        /** The inconclusive limit was exceeded: do what the policy's onInconclusive says. */
        INCONCLUSIVE
    }

    /** A decision and, in words, why: for logs, the UI and the rollout's evidence. */
    public record Judgement(Decision decision, String reason) {}

    private AnalysisJudge() {}

    /**
     * @param results every measurement of this analysis so far, oldest first; a measurement round
     *     of several gates contributes one result per gate
     * @param gates how many gates measure in each round
     */
    public static Decision decide(AnalysisPolicy policy, List<GateResult> results, int gates) {
        return judge(policy, results, gates).decision();
    }

    /** As {@link #decide}, with the reason. */
    public static Judgement judge(AnalysisPolicy policy, List<GateResult> results, int gates) {
        if (gates < 1) {
            return new Judgement(Decision.SUCCEEDED, "no gates to measure");
        }
        Map<String, Tally> byGate = new LinkedHashMap<>();
        for (GateResult r : results) {
            byGate.computeIfAbsent(r.gate(), g -> new Tally()).add(r.verdict());
        }
        for (Map.Entry<String, Tally> e : byGate.entrySet()) {
            Tally t = e.getValue();
            if (t.failures > policy.failureLimit()) {
                return new Judgement(Decision.FAILED, String.format("gate %s: %d FAIL measurement(s), failureLimit is %d",
                        e.getKey(), t.failures, policy.failureLimit()));
            }
            if (t.consecutiveErrors > policy.consecutiveErrorLimit()) {
                return new Judgement(Decision.FAILED, String.format("gate %s: %d ERROR measurement(s) in a row, consecutiveErrorLimit is %d",
                        e.getKey(), t.consecutiveErrors, policy.consecutiveErrorLimit()));
            }
        }
        for (Map.Entry<String, Tally> e : byGate.entrySet()) {
            Tally t = e.getValue();
            if (t.inconclusive > policy.inconclusiveLimit()) {
                return new Judgement(Decision.INCONCLUSIVE, String.format("gate %s: %d INCONCLUSIVE measurement(s), inconclusiveLimit is %d",
                        e.getKey(), t.inconclusive, policy.inconclusiveLimit()));
            }
        }
        long decisive = byGate.values().stream().mapToLong(t -> t.decisive).sum();
        boolean everyGateDone = byGate.values().stream().allMatch(t -> t.decisive >= policy.count());
        if (everyGateDone && decisive >= (long) policy.count() * gates) {
            return new Judgement(Decision.SUCCEEDED, String.format("%d decisive measurement(s) per gate, all within limits", policy.count()));
        }
        return new Judgement(Decision.CONTINUE, String.format("%d of %d decisive measurement(s) so far", decisive, (long) policy.count() * gates));
    }

    /** One gate's counts; {@code consecutiveErrors} is the run of ERRORs at the end. */
    private static final class Tally {
        int failures;
        int inconclusive;
        int consecutiveErrors;
        int decisive;

        void add(Verdict v) {
            switch (v) {
                case PASS -> decisive++;
                case FAIL -> {
                    decisive++;
                    failures++;
                }
                case INCONCLUSIVE -> inconclusive++;
                case ERROR -> { }
            }
            consecutiveErrors = v == Verdict.ERROR ? consecutiveErrors + 1 : 0;
        }
    }
}
