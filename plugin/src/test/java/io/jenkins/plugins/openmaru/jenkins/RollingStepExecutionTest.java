package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryActionTest.loginAs;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.AbortException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.openmaru.jenkins.FakeBuild.FakeJob;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.sandbox.DeploymentController;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** openmaruRolling driven as Pipeline drives it: the one Deployment in the API server, undo on failure, stop and restart. */
class RollingStepExecutionTest extends SimulatedClusterTest {
    @BeforeEach
    void setUp() throws Exception {
        f = new DeliveryFixture(cluster);
        TestStepContext first = context(new FakeBuild("shop-first", 1), new BuildLog());
        start(rolling("registry/shop:1.0"), first);
        first.awaitSuccess(TIMEOUT);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:1.0");
    }

    @AfterEach
    void resetDelay() {
        cluster.deployments().setDelay("shop", ROLLOUT_DELAY);
    }

    private static RollingRolloutStep rolling(String image) {
        RollingRolloutStep s = new RollingRolloutStep("shop", image);
        s.setMaxSurge("1");
        s.setMaxUnavailable("0");
        return s;
    }

    /** A candidate whose pods never become ready (the simulated controller honours this variable). */
    private static RollingRolloutStep failingReadiness(String image, String progressDeadline) {
        RollingRolloutStep s = rolling(image);
        s.setEnv(Map.of(DeploymentController.FAIL_READINESS_ENV, "true"));
        s.setProgressDeadline(progressDeadline);
        return s;
    }

    @Test
    void aHealthyRollingUpdateChangesTheDeploymentAndCompletesTheStep() throws Exception {
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-rolling", 2), log);
        start(rolling("registry/shop:2.0"), c);

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) c.awaitSuccess(TIMEOUT);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:2.0");
        assertThat(result).containsEntry("servingImage", "registry/shop:2.0");
        Release serving = f.state().serving().orElseThrow();
        assertThat(serving.outcome()).isEqualTo(ReleaseOutcome.PROMOTED);
        assertThat(serving.strategy()).isEqualTo(Strategy.ROLLING);
        assertThat(f.client.apps().deployments().inNamespace(f.namespace).withName("shop-green").get()).as("no slots").isNull();
        assertThat(log.text()).contains("[openmaru] rolling update of " + f.namespace + "/shop ended PROMOTED");
        assertThat(c.completionCount()).isEqualTo(1);
    }

    /** A rolling release runs in Deployment shop, not in a slot: the build page, the Release History and its rollback show none. */
    @Test
    void theBuildPageAndReleaseHistoryShowNoSlotAndTheirRollbackRestoresTheDeployment() throws Exception {
        FakeJob job = new FakeJob("shop-rolling");
        TestStepContext c = context(new FakeBuild(job, 1), new BuildLog());
        start(rolling("registry/shop:2.0"), c);
        c.awaitSuccess(TIMEOUT);
        loginAs("dave");
        JsonNode page = Serialization.jsonMapper().readTree(FakeHttp.get(job.getLastBuild().getAction(DeliveryAction.class)::doJson).body())
                .get("apps").get(0);
        assertThat(page.get("stable").toString()).isEqualTo("{\"image\":\"registry/shop:2.0\",\"revision\":2}");
        ReleaseHistoryAction history = (ReleaseHistoryAction) new ReleaseHistoryFactory().createFor(job).iterator().next();

        FakeHttp.serve(history.doRollback(FakeHttp.request("POST", Map.of("target", "sim:" + f.namespace + "/shop", "toRevision", "1",
                "servingRevision", "2", "comment", "break-glass"))));

        await().atMost(TIMEOUT).until(() -> f.state().serving().map(Release::revision).orElse(0) == 3);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:1.0");
        assertThat(f.state().history()).extracting(Release::revision, Release::outcome, Release::slot).containsExactly(
                tuple(1, ReleaseOutcome.DEPLOYED, null), tuple(2, ReleaseOutcome.PROMOTED, null), tuple(3, ReleaseOutcome.ROLLED_BACK, null));
        JsonNode releases = Serialization.jsonMapper().readTree(FakeHttp.get(history::doJson).body()).get("apps").get(0).get("releases");
        assertThat(releases).extracting(r -> r.get("revision").asInt()).containsExactly(3, 2, 1);
        assertThat(releases).allSatisfy(r -> assertThat(r.has("slot")).as(r.toString()).isFalse());
    }

    @Test
    void theNumbersTheDocsShowBindAndReachTheDeployment() throws Exception {
        RollingRolloutStep step = StrictStepBinder.bind(RollingRolloutStep.class,
                "openmaruRolling app: 'shop', image: 'registry/shop:2.0', maxSurge: 2, maxUnavailable: 0, progressDeadline: 900");
        TestStepContext c = context(new FakeBuild("shop-rolling", 6), new BuildLog());
        start(step, c);

        c.awaitSuccess(TIMEOUT);
        Deployment d = f.client.apps().deployments().inNamespace(f.namespace).withName("shop").get();
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(2);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(900);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:2.0");
    }

    @Test
    void podsThatNeverBecomeReadyAreUndoneAndTheStepFailsNamingTheCause() throws Exception {
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-rolling", 3), log);
        start(failingReadiness("registry/shop:2.0", "1s"), c);
        await().atMost(TIMEOUT).until(() -> f.deploymentImage().equals("registry/shop:2.0"));

        Throwable failure = c.awaitFailure(TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class)
                .hasMessageStartingWith("rolling update of " + f.namespace + "/shop ended ABORTED: aborted: Deployment shop not available within progressDeadline: 0/1")
                .hasMessageEndingWith("Deployment shop rolled back to registry/shop:1.0");
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:1.0");
        assertThat(f.state().history()).extracting(Release::revision, Release::image, Release::outcome).contains(
                tuple(2, "registry/shop:2.0", ReleaseOutcome.ABORTED),
                tuple(3, "registry/shop:1.0", ReleaseOutcome.ROLLED_BACK));
        assertThat(log.text()).contains("not available within progressDeadline");
    }

    @Test
    void stoppingTheBuildMidRolloutPutsThePreviousImageBack() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-rolling", 4), new BuildLog());
        StepExecution e = start(failingReadiness("registry/shop:2.0", "10m"), c);
        awaitStatus(e, "waiting for Deployment shop to become available");
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:2.0");

        InterruptedException cause = new InterruptedException("Aborted by carol");
        e.stop(cause);

        assertThat(c.awaitFailure(TIMEOUT)).isSameAs(cause);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:1.0");
        assertThat(f.state().rollout().events()).anySatisfy(ev -> {
            assertThat(ev.action()).isEqualTo("abort");
            assertThat(ev.actor()).isEqualTo("jenkins:shop-rolling#4");
            assertThat(ev.comment()).contains("Aborted by carol");
        });
    }

    @Test
    void afterARestartMidRolloutTheDeserializedExecutionCompletesTheUpdate() throws Exception {
        cluster.deployments().setDelay("shop", Duration.ofSeconds(3));
        TestStepContext before = context(new FakeBuild("shop-rolling", 5), new BuildLog());
        StepExecution e = start(rolling("registry/shop:2.0"), before);
        awaitStatus(e, "waiting for Deployment shop to become available");
        assertThat(f.state().inProgress()).as("restarted mid-rollout").isTrue();

        f.dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();
        TestStepContext after = restarted.context();
        StepExecution resumed = restarted.execution();
        resumed.onResume();

        after.awaitSuccess(TIMEOUT);
        assertThat(f.deploymentImage()).isEqualTo("registry/shop:2.0");
        assertThat(f.state().serving().orElseThrow().outcome()).isEqualTo(ReleaseOutcome.PROMOTED);
        assertThat(f.state().rollout().driver()).as("the resumed execution kept its lease identity").isEqualTo("jenkins:shop-rolling#5");
        assertThat(after.completionCount()).isEqualTo(1);
    }
}
