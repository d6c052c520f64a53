package io.jenkins.plugins.openmaru.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.gate.AnalysisJudge;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plan's analysis bound is the longest run the real judge leaves undecided, found by trying every verdict sequence. */
class AnalysisBoundTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @ParameterizedTest
    @CsvSource({"1,0,0,0", "3,0,0,0", "2,1,0,0", "2,0,1,0", "2,0,0,2", "3,1,1,1", "1,2,2,1", "2,1,1,2"})
    void maxRoundsIsTheLongestSequenceTheJudgeNeedsToDecide(int count, int failureLimit, int inconclusiveLimit, int errorLimit) {
        AnalysisPolicy policy = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(count).failureLimit(failureLimit)
                .inconclusiveLimit(inconclusiveLimit).consecutiveErrorLimit(errorLimit).build();

        assertThat(AnalysisBound.maxRounds(policy)).isEqualTo(longestDecision(policy, new ArrayList<>()));
        assertThat(AnalysisBound.worstCase(policy)).isEqualTo(Duration.ofSeconds(10).multipliedBy(AnalysisBound.maxRounds(policy) - 1));
    }

    @ParameterizedTest
    @CsvSource({"1,0,0,0", "2,0,1,1"})
    void aSecondGateDoesNotLengthenTheWorstCase(int count, int failureLimit, int inconclusiveLimit, int errorLimit) {
        AnalysisPolicy policy = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(count).failureLimit(failureLimit)
                .inconclusiveLimit(inconclusiveLimit).consecutiveErrorLimit(errorLimit).build();

        assertThat(longestTwoGateDecision(policy, new ArrayList<>(), 0)).isEqualTo(AnalysisBound.maxRounds(policy));
    }

    /** The most rounds after which the judge has decided, over every continuation of {@code rounds} (one gate). */
    private static long longestDecision(AnalysisPolicy policy, List<GateResult> rounds) {
        long longest = 0;
        for (Verdict v : Verdict.values()) {
            rounds.add(new GateResult("g", v, "", T0));
            longest = Math.max(longest, AnalysisJudge.decide(policy, rounds, 1) == AnalysisJudge.Decision.CONTINUE
                    ? longestDecision(policy, rounds) : rounds.size());
            rounds.remove(rounds.size() - 1);
        }
        return longest;
    }

    private static long longestTwoGateDecision(AnalysisPolicy policy, List<GateResult> results, int rounds) {
        long longest = 0;
        for (Verdict a : Verdict.values()) {
            for (Verdict b : Verdict.values()) {
                results.add(new GateResult("a", a, "", T0));
                results.add(new GateResult("b", b, "", T0));
                longest = Math.max(longest, AnalysisJudge.decide(policy, results, 2) == AnalysisJudge.Decision.CONTINUE
                        ? longestTwoGateDecision(policy, results, rounds + 1) : rounds + 1);
                results.remove(results.size() - 1);
                results.remove(results.size() - 1);
            }
        }
        return longest;
    }
}
