package io.jenkins.plugins.openmaru.cli.plan;

import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.Durations;
import java.time.Duration;

/**
 * How long an analysis can run before the judge decides (gate.AnalysisJudge). A FAIL counts toward
 * {@code count} like a PASS, so failures never lengthen it; an INCONCLUSIVE does not count, and ERRORs
 * only end it when more than {@code consecutiveErrorLimit} come in a row. The longest undecided run is
 * therefore (count + inconclusiveLimit) non-error rounds, each after a full run of errors.
 */
public final class AnalysisBound {
    private AnalysisBound() {}

    /** The most measurement rounds an analysis can take; the last one decides. */
    public static long maxRounds(AnalysisPolicy p) {
        return ((long) p.count() + p.inconclusiveLimit()) * (p.consecutiveErrorLimit() + 1L);
    }

    /** The first round is at once, each further one an interval later. Gate measurement time comes on top. */
    public static Duration worstCase(AnalysisPolicy p) {
        return p.interval().multipliedBy(maxRounds(p) - 1);
    }

    /** The policy in words, for a plan's analysis step. */
    static String describe(AnalysisPolicy p) {
        return "every " + Durations.format(p.interval()) + " until each gate has " + p.count() + " decisive measurement(s); at most "
                + maxRounds(p) + " rounds (failureLimit " + p.failureLimit() + ", inconclusiveLimit " + p.inconclusiveLimit()
                + ", consecutiveErrorLimit " + p.consecutiveErrorLimit() + "); one failure too many aborts, one inconclusive too many "
                + (p.onInconclusive() == AnalysisPolicy.OnInconclusive.PAUSE ? "pauses until someone resumes or aborts" : "aborts");
    }
}
