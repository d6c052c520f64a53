package io.jenkins.plugins.openmaru.gate;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.util.List;

/** Decides what a series of measurements means under an {@link AnalysisPolicy}. Pure: no I/O. */
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

    private AnalysisJudge() {}

    /**
     * @param results every measurement of this analysis so far, oldest first; a measurement round
     *     of several gates contributes one result per gate
     * @param gates how many gates measure in each round
     */
    public static Decision decide(AnalysisPolicy policy, List<GateResult> results, int gates) {
        int failures = 0;
        int inconclusive = 0;
        int consecutiveErrors = 0;
        for (GateResult r : results) {
            switch (r.verdict()) {
                case FAIL -> failures++;
                case INCONCLUSIVE -> inconclusive++;
                default -> { }
            }
            consecutiveErrors = r.verdict() == Verdict.ERROR ? consecutiveErrors + 1 : 0;
        }
        if (failures > policy.failureLimit() || consecutiveErrors > policy.consecutiveErrorLimit()) {
            return Decision.FAILED;
        }
        if (inconclusive > policy.inconclusiveLimit()) {
            return Decision.INCONCLUSIVE;
        }
        return results.size() >= (long) policy.count() * Math.max(1, gates) ? Decision.SUCCEEDED : Decision.CONTINUE;
    }
}
