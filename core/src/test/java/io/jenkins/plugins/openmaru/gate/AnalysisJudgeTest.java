package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.model.Verdict.ERROR;
import static io.jenkins.plugins.openmaru.model.Verdict.FAIL;
import static io.jenkins.plugins.openmaru.model.Verdict.INCONCLUSIVE;
import static io.jenkins.plugins.openmaru.model.Verdict.PASS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.gate.AnalysisJudge.Decision;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy.OnInconclusive;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisJudgeTest {

    /** count 3, failureLimit 1, inconclusiveLimit 1, consecutiveErrorLimit 2. */
    private static final AnalysisPolicy POLICY = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).failureLimit(1)
            .consecutiveErrorLimit(2).build();

    @Test
    void succeedsAfterCountDecisiveMeasurements() {
        assertThat(decide(List.of())).isEqualTo(Decision.CONTINUE);
        assertThat(decide(results("a", PASS, PASS))).isEqualTo(Decision.CONTINUE);
        assertThat(decide(results("a", PASS, PASS, PASS))).isEqualTo(Decision.SUCCEEDED);
        assertThat(decide(results("a", PASS, FAIL, PASS))).isEqualTo(Decision.SUCCEEDED);
    }

    @Test
    void failsAtOnceWhenFailuresExceedTheLimit() {
        AnalysisJudge.Judgement j = AnalysisJudge.judge(POLICY, results("a", FAIL, FAIL), 1);
        assertThat(j.decision()).isEqualTo(Decision.FAILED);
        assertThat(j.reason()).isEqualTo("gate a: 2 FAIL measurement(s), failureLimit is 1");
        AnalysisPolicy strict = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).consecutiveErrorLimit(2).build();
        assertThat(AnalysisJudge.decide(strict, results("a", FAIL), 1)).isEqualTo(Decision.FAILED);
    }

    @Test
    void noDataNeverCountsTowardSuccess() {
        AnalysisPolicy tolerant = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(2).inconclusiveLimit(5)
                .consecutiveErrorLimit(5).build();
        assertThat(AnalysisJudge.decide(tolerant, results("a", INCONCLUSIVE, INCONCLUSIVE, ERROR, INCONCLUSIVE), 1))
                .isEqualTo(Decision.CONTINUE);
        assertThat(AnalysisJudge.decide(tolerant, results("a", INCONCLUSIVE, PASS, ERROR, PASS), 1))
                .isEqualTo(Decision.SUCCEEDED);
    }

    @Test
    void inconclusiveBeyondTheLimitAsksThePolicy() {
        AnalysisJudge.Judgement j = AnalysisJudge.judge(POLICY, results("a", INCONCLUSIVE, PASS, INCONCLUSIVE), 1);
        assertThat(j.decision()).isEqualTo(Decision.INCONCLUSIVE);
        assertThat(j.reason()).isEqualTo("gate a: 2 INCONCLUSIVE measurement(s), inconclusiveLimit is 1");
        assertThat(decide(results("a", INCONCLUSIVE, PASS, PASS))).isEqualTo(Decision.CONTINUE);
    }

    @Test
    void onlyConsecutiveErrorsBeyondTheLimitFail() {
        assertThat(decide(results("a", ERROR, ERROR, PASS, ERROR, ERROR))).isEqualTo(Decision.CONTINUE);
        AnalysisJudge.Judgement j = AnalysisJudge.judge(POLICY, results("a", PASS, ERROR, ERROR, ERROR), 1);
        assertThat(j.decision()).isEqualTo(Decision.FAILED);
        assertThat(j.reason()).isEqualTo("gate a: 3 ERROR measurement(s) in a row, consecutiveErrorLimit is 2");
    }

    @Test
    void limitsApplyPerGateAndSuccessNeedsEveryGate() {
        List<GateResult> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rounds.add(result("a", PASS));
            rounds.add(result("b", ERROR));
        }
        // b's errors are consecutive within b even though a's passes come between them
        assertThat(AnalysisJudge.decide(POLICY, rounds, 2)).isEqualTo(Decision.FAILED);

        List<GateResult> mixed = new ArrayList<>();
        mixed.addAll(results("a", PASS, PASS, PASS, PASS));
        mixed.addAll(results("b", PASS, PASS));
        assertThat(AnalysisJudge.decide(POLICY, mixed, 2)).isEqualTo(Decision.CONTINUE);
        mixed.add(result("b", PASS));
        assertThat(AnalysisJudge.decide(POLICY, mixed, 2)).isEqualTo(Decision.SUCCEEDED);
        // one FAIL each on two gates stays within a per-gate failureLimit of 1
        assertThat(AnalysisJudge.decide(POLICY, List.of(result("a", FAIL), result("b", FAIL)), 2)).isEqualTo(Decision.CONTINUE);
    }

    @Test
    void failureOutranksInconclusiveAndNoGatesSucceed() {
        List<GateResult> both = new ArrayList<>(results("a", INCONCLUSIVE, INCONCLUSIVE));
        both.addAll(results("b", FAIL, FAIL));
        assertThat(AnalysisJudge.decide(POLICY, both, 2)).isEqualTo(Decision.FAILED);
        assertThat(AnalysisJudge.decide(POLICY, List.of(), 0)).isEqualTo(Decision.SUCCEEDED);
    }

    private static Decision decide(List<GateResult> results) {
        return AnalysisJudge.decide(POLICY, results, 1);
    }

    private static List<GateResult> results(String gate, Verdict... verdicts) {
        List<GateResult> out = new ArrayList<>();
        for (Verdict v : verdicts) {
            out.add(result(gate, v));
        }
        return out;
    }

    private static GateResult result(String gate, Verdict v) {
        return new GateResult(gate, v, "test", Instant.EPOCH);
    }
}
