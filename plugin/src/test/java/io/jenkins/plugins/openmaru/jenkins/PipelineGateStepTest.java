package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.EnvVars;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.StepGateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The block of openmaruCanary / openmaruBlueGreen as a gate, run as workflow-cps runs a block ({@link TestBody}):
 * each analysis round runs it once with the rollout's variables; success is PASS, failure FAIL under the step's
 * policy; aborting the rollout stops it; a block running across a restart reports to the resumed execution.
 */
class PipelineGateStepTest extends SimulatedClusterTest {
    private static final String GATE = "readiness";

    @BeforeEach
    void setUp() throws Exception {
        f = new DeliveryFixture(cluster);
        f.firstRelease("registry/shop:1.0");
    }

    private static CanaryRolloutStep canaryWithAnalysis(List<Object> gates, int count) {
        return canary("registry/shop:2.0", List.of(Map.of("weight", 20),
                Map.of("analysis", Map.of("gates", gates, "interval", "200ms", "count", count, "failureLimit", 0))));
    }

    private List<GateResult> pipelineResults() {
        return f.state().rollout().gateResults().stream().map(StepGateResult::result).filter(r -> r.gate().equals("pipeline")).toList();
    }

    @Test
    void theBlockRunsOncePerRoundWithTheRolloutsVariablesAndItsSuccessPasses() throws Exception {
        EnvironmentExpander enclosing = new PipelineBlock.Variables(null, Map.of("TARGET_RPS", "50"));
        TestStepContext c = context(new FakeBuild("shop-deploy", 2), new BuildLog()).with(EnvironmentExpander.class, enclosing)
                .withBlock(env -> "load test passed");
        start(canaryWithAnalysis(List.of(GATE), 2), c);

        c.awaitSuccess(TIMEOUT);

        assertThat(f.routeTarget()).isEqualTo("shop-green");
        List<TestBody.Run> runs = c.blockRuns();
        assertThat(runs).hasSize(2).allSatisfy(r -> {
            EnvVars env = r.env();
            assertThat(env).containsEntry("OPENMARU_WEIGHT", "20").containsEntry("OPENMARU_STEP", "2").containsEntry("TARGET_RPS", "50")
                    .doesNotContainKey("OPENMARU_PREVIEW_URL");
            assertThat(env.get("OPENMARU_CANDIDATE_URL")).startsWith("http").contains("shop-green");
        });
        assertThat(pipelineResults()).hasSize(2).allSatisfy(r -> {
            assertThat(r.verdict()).isEqualTo(Verdict.PASS);
            assertThat(r.evidence()).isEqualTo("the block succeeded");
        });
        assertThat(c.completionCount()).isEqualTo(1);
    }

    @Test
    void aFailingBlockIsAFailUnderThePolicyAndAbortsTheCanary() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-deploy", 3), new BuildLog())
                .withBlock(env -> {
                    throw new AbortException("k6: p95 latency 812 ms, threshold 300 ms");
                });
        start(canaryWithAnalysis(List.of(GATE, "pipeline"), 3), c);

        Throwable failure = c.awaitFailure(TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageContaining("ended ABORTED")
                .hasMessageContaining("gate pipeline: 1 FAIL measurement(s), failureLimit is 0")
                .hasMessageContaining("the block failed: k6: p95 latency 812 ms");
        assertThat(f.candidateWeight()).isZero();
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        assertThat(c.blockRuns()).hasSize(1);
    }

    @Test
    void abortingTheRolloutStopsARunningBlock() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        TestStepContext c = context(new FakeBuild("shop-deploy", 4), new BuildLog()).withBlock(env -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        });
        StepExecution e = start(canaryWithAnalysis(List.of("pipeline"), 1), c);
        awaitStatus(e, "waiting for pipeline to end");
        assertThat(c.blockRuns()).hasSize(1);
        assertThat(c.blockRuns().get(0).isRunning()).isTrue();

        TestStepContext abortCtx = context(new FakeBuild("shop-abort", 1), new BuildLog());
        AbortStep abort = new AbortStep("shop");
        abort.setComment("wrong build");
        start(abort, abortCtx);

        assertThat(c.awaitFailure(TIMEOUT)).hasMessageContaining("ended ABORTED");
        assertThat(interrupted.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the block was interrupted").isTrue();
        TestBody.Run run = c.blockRuns().get(0);
        assertThat(run.await(TIMEOUT.toMillis())).isTrue();
        assertThat(run.wasCancelled()).isTrue();
        assertThat(pipelineResults()).as("a stopped block measures nothing").isEmpty();
        assertThat(c.blockRuns()).hasSize(1);
    }

    @Test
    void stoppingTheBuildStopsTheBlockAndAbortsTheRollout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        TestStepContext c = context(new FakeBuild("shop-deploy", 5), new BuildLog()).withBlock(env -> never.await(1, TimeUnit.HOURS));
        StepExecution e = start(canaryWithAnalysis(List.of("pipeline"), 1), c);
        awaitStatus(e, "waiting for pipeline to end");

        InterruptedException cause = new InterruptedException("Aborted by carol");
        e.stop(cause);

        assertThat(c.awaitFailure(TIMEOUT)).isSameAs(cause);
        TestBody.Run run = c.blockRuns().get(0);
        assertThat(run.await(TIMEOUT.toMillis())).isTrue();
        assertThat(run.wasCancelled()).isTrue();
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }

    @Test
    void aBlockRunningAcrossARestartReportsToTheResumedExecutionAndIsNotRunAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestStepContext before = context(new FakeBuild("shop-deploy", 6), new BuildLog()).withBlock(env -> {
            release.await();
            return null;
        });
        StepExecution e = start(canaryWithAnalysis(List.of("pipeline"), 1), before);
        awaitStatus(e, "waiting for pipeline to end");

        f.dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();
        restarted.execution().onResume();
        awaitStatus(restarted.execution(), "waiting for pipeline to end");
        assertThat(restarted.context().blockRuns()).as("the running block is not started again").hasSize(1);

        release.countDown();

        restarted.context().awaitSuccess(TIMEOUT);
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(pipelineResults()).singleElement().satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.PASS));
        assertThat(restarted.context().blockRuns()).hasSize(1);
        assertThat(restarted.context().completionCount()).isEqualTo(1);
        assertThat(before.completionCount()).isZero();
    }

    @Test
    void blueGreenRunsTheBlockAgainstThePreviewBeforeTheSwitch() throws Exception {
        BlueGreenRolloutStep step = new BlueGreenRolloutStep("shop", "registry/shop:2.0");
        step.setAutoPromote(true);
        step.setAnalysis(Map.of("interval", "200ms", "count", 1));
        step.setGates(GATE);
        TestStepContext c = context(new FakeBuild("shop-deploy", 7), new BuildLog()).withBlock(env -> null);
        start(step, c);

        c.awaitSuccess(TIMEOUT);

        assertThat(f.routeTarget()).isEqualTo("shop-green");
        EnvVars env = c.blockRuns().get(0).env();
        assertThat(env).containsEntry("OPENMARU_WEIGHT", "0").containsKey("OPENMARU_CANDIDATE_URL");
        assertThat(pipelineResults()).singleElement().satisfies(r -> assertThat(r.verdict()).isEqualTo(Verdict.PASS));
    }

    @Test
    void aPipelineGateWithoutABlockOrABlockWithoutAnAnalysisIsBadInputBeforeAnyWrite() throws Exception {
        f.cluster.clearRequests();
        TestStepContext noBlock = context(new FakeBuild("shop-deploy", 8), new BuildLog());
        assertThatThrownBy(() -> canaryWithAnalysis(List.of("pipeline"), 1).start(noBlock))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("steps[1].analysis.gates[0]: pipeline is not allowed; expected a gate other than pipeline");

        TestStepContext block = context(new FakeBuild("shop-deploy", 9), new BuildLog()).withBlock(env -> null);
        assertThatThrownBy(() -> canary("registry/shop:2.0", List.of(Map.of("weight", 20))).start(block))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("steps: no analysis step is not allowed; expected an analysis step for the block to run in");
        assertThat(f.writes()).isEmpty();
        assertThat(block.blockRuns()).isEmpty();
    }

    @Test
    void theCanaryAndBlueGreenStepsTakeABlockAndTheRollingStepDoesNot() {
        assertThat(new CanaryRolloutStep.DescriptorImpl().takesImplicitBlockArgument()).isTrue();
        assertThat(new BlueGreenRolloutStep.DescriptorImpl().takesImplicitBlockArgument()).isTrue();
        assertThat(new RollingRolloutStep.DescriptorImpl().takesImplicitBlockArgument()).isFalse();
    }
}
