package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import hudson.AbortException;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import org.assertj.core.api.InstanceOfAssertFactories;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** openmaruCanary driven as Pipeline drives it, against a simulated OpenShift. */
@ClusterTest.RolloutDelay(millis = 30)
class CanaryStepExecutionTest extends ClusterTest {
    DeliveryFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new DeliveryFixture(cluster);
        f.firstRelease("registry/shop:1.0");
    }

    @AfterEach
    void tearDown() throws Exception {
        SecurityContextHolder.clearContext();
        f.close();
    }

    private static List<Map<String, Object>> pausedAt20() {
        return List.of(Map.of("weight", 20), Map.of("pause", "manual"), Map.of("weight", 50));
    }

    @Test
    void pausedCanaryHoldsNoResultUntilPromotedOnTheBuildPage() throws Exception {
        FakeBuild build = new FakeBuild("shop-deploy", 7);
        BuildLog log = new BuildLog();
        TestStepContext c = context(build, log);
        StepExecution e = start(canary("registry/shop:2.0", pausedAt20()), c);

        awaitStatus(e, "waiting for promote or abort");
        assertThat(e.getStatus()).contains("canary of registry/shop:2.0", "weight 20%", "step 2/3");
        assertThat(f.candidateWeight()).isEqualTo(20);
        assertThat(c.isDone()).isFalse();
        assertThat(f.state().rollout().driver()).isEqualTo("jenkins:shop-deploy#7");

        DeliveryAction action = build.getAction(DeliveryAction.class);
        assertThat(action.getTargets()).extracting(DeliveryTarget::getKey).containsExactly("sim:" + f.namespace + "/shop");
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("alice", "pw"));
        FakeHttp.Served served = FakeHttp.serve(action.doPromote(FakeHttp.request("POST",
                Map.of("target", "sim:" + f.namespace + "/shop", "comment", "error rate flat"))));
        assertThat(served.redirect).isEqualTo(".");

        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) c.awaitSuccess(TIMEOUT);
        assertThat(result).containsEntry("servingImage", "registry/shop:2.0").containsEntry("activeSlot", "green");
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(f.candidateWeight()).isZero();
        Release promoted = f.state().serving().orElseThrow();
        assertThat(promoted.outcome()).isEqualTo(ReleaseOutcome.PROMOTED);
        assertThat(promoted.actor()).isEqualTo("alice");
        assertThat(promoted.comment()).isEqualTo("error rate flat");
        assertThat(log.text()).contains("[openmaru] canary of registry/shop:2.0", "ended PROMOTED");
        assertThat(c.completionCount()).isEqualTo(1);
    }

    /** Stops the build as carol does: the step fails with her cause, after its rollout aborted and stable took all traffic again. */
    private void stopAndAwaitAbort(StepExecution e, TestStepContext c) throws Exception {
        InterruptedException cause = new InterruptedException("Aborted by carol");
        e.stop(cause);

        assertThat(c.awaitFailure(TIMEOUT)).isSameAs(cause);
        assertThat(f.candidateWeight()).isZero();
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }

    @Test
    void stoppingTheBuildAbortsTheRolloutAndPutsTrafficBackOnStable() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-deploy", 8), new BuildLog());
        StepExecution e = start(canary("registry/shop:2.0", pausedAt20()), c);
        awaitStatus(e, "waiting for promote or abort");
        assertThat(f.candidateWeight()).isEqualTo(20);

        stopAndAwaitAbort(e, c);
        assertThat(f.state().rollout().events()).anySatisfy(ev -> {
            assertThat(ev.action()).isEqualTo("abort");
            assertThat(ev.actor()).isEqualTo("jenkins:shop-deploy#8");
            assertThat(ev.comment()).contains("Aborted by carol");
        });
    }

    @Test
    void oneEngineServesTheWholeExecutionSoAStopAbortsWithoutLookingCredentialsUpAgain() throws Exception {
        f.close();
        AtomicInteger lookups = new AtomicInteger();
        AtomicBoolean visible = new AtomicBoolean(true);
        f = new DeliveryFixture(cluster, sim -> {
            sim.setPrometheusUrl("http://127.0.0.1:9");
            sim.setPrometheusCredentialsId("prom-token");
        }, (id, run) -> {
            lookups.incrementAndGet();
            return visible.get() && id.equals("prom-token") ? new TestCredentials.Token("sha256~prom") : null;
        });
        f.firstRelease("registry/shop:1.0");
        lookups.set(0);
        TestStepContext c = context(new FakeBuild("shop-deploy", 21), new BuildLog());
        StepExecution e = start(canary("registry/shop:2.0", pausedAt20()), c);
        awaitStatus(e, "waiting for promote or abort");
        // the credential goes away while the canary pauses (a folder's credential deleted): the step's engine already has it
        visible.set(false);

        stopAndAwaitAbort(e, c);
        assertThat(lookups).as("the Prometheus credential, looked up once for the execution's one engine").hasValue(1);
    }

    @Test
    void afterARestartTheDeserializedExecutionContinuesTheRolloutFromTheCluster() throws Exception {
        TestStepContext before = context(new FakeBuild("shop-deploy", 9), new BuildLog());
        StepExecution e = start(canary("registry/shop:2.0", pausedAt20()), before);
        awaitStatus(e, "waiting for promote or abort");

        f.dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();
        TestStepContext after = restarted.context();
        StepExecution resumed = restarted.execution();
        resumed.onResume();
        awaitStatus(resumed, "waiting for promote or abort");
        assertThat(after.isDone()).isFalse();

        try (ClusterConnection c = DeliveryConfiguration.get().connect(new AppLocation("sim", f.app), null)) {
            c.engine("release-manager").promote(f.app, new io.jenkins.plugins.openmaru.model.Actor("bob", "resume test"));
        }
        after.awaitSuccess(TIMEOUT);
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(f.state().rollout().driver()).as("the resumed execution kept its lease identity").isEqualTo("jenkins:shop-deploy#9");
        assertThat(after.completionCount()).isEqualTo(1);
    }

    @Test
    void stoppedAfterARestartBeforeOnResumeStillAbortsWithTheBuildsCredentials() throws Exception {
        f.close();
        // a folder credential: visible only with the build that asks for it
        f = new DeliveryFixture(cluster, sim -> sim.setCredentialsId("folder-token"),
                (id, run) -> run != null && id.equals("folder-token") ? new TestCredentials.Token("sha256~folder") : null);
        f.firstRelease("registry/shop:1.0");
        TestStepContext before = context(new FakeBuild("shop-deploy", 13), new BuildLog());
        StepExecution e = start(canary("registry/shop:2.0", pausedAt20()), before);
        awaitStatus(e, "waiting for promote or abort");
        f.dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();

        InterruptedException cause = new InterruptedException("Aborted by carol");
        restarted.execution().stop(cause);

        assertThat(restarted.context().awaitFailure(TIMEOUT)).isSameAs(cause);
        assertThat(f.candidateWeight()).isZero();
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
    }

    @Test
    void aPromoteResumedAfterARestartFollowsTheRolloutItPromotedToItsEnd() throws Exception {
        cluster.deployments().setDelay("shop", Duration.ofDays(1));
        try {
            RolloutEngine deployer = new RolloutEngine(f.client, EngineConfig.of("jenkins:shop-deploy#40"));
            deployer.start(RolloutSpec.builder(f.namespace, "shop", "registry/shop:2.0").canary(CanaryStep.setWeight(20), CanaryStep.pause()).build(),
                    Actor.of("release-bot"));
            TestStepContext before = context(new FakeBuild("shop-promote", 1), new BuildLog());
            StepExecution e = start(new PromoteStep("shop"), before);
            awaitStatus(e, "(driven by jenkins:shop-deploy#40)");
            assertThat(f.state().rollout().events()).extracting(ev -> ev.action()).contains("promoteRequested");

            f.dropPluginConnections();
            TestStepContext.Restarted restarted = before.restart();
            restarted.execution().onResume();
            awaitStatus(restarted.execution(), "(driven by jenkins:shop-deploy#40)");
            assertThat(restarted.context().isDone()).isFalse();

            // the candidate becomes available; the deploying build completes the promotion
            cluster.deployments().setDelay("shop", Duration.ofMillis(30));
            f.client.apps().deployments().inNamespace(f.namespace).withName("shop-green").edit(d -> {
                d.getMetadata().getAnnotations().put("test/touched", "1");
                return d;
            });
            await().atMost(TIMEOUT).until(() -> deployer.reconcile(f.app).done());

            assertThat(restarted.context().awaitSuccess(TIMEOUT)).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("servingImage", "registry/shop:2.0");
            assertThat(f.routeTarget()).isEqualTo("shop-green");
            assertThat(restarted.context().completionCount()).isEqualTo(1);
        } finally {
            cluster.deployments().setDelay("shop", Duration.ofMillis(30));
        }
    }

    @Test
    void theWarmSlotIsScaledDownAfterScaleDownDelayWhenNoBuildRunsAnyMore() throws Exception {
        CanaryRolloutStep step = canary("registry/shop:2.0", List.of(Map.of("weight", 100)));
        step.setScaleDownDelay("2s");
        TestStepContext c = context(new FakeBuild("shop-deploy", 15), new BuildLog());
        start(step, c);
        c.awaitSuccess(TIMEOUT);
        assertThat(replicas("shop-blue")).as("the old slot stays warm for scaleDownDelay").isEqualTo(1);

        await().atMost(TIMEOUT).until(() -> replicas("shop-blue") == 0 && f.state().scaleDown() == null);
        assertThat(replicas("shop-green")).isEqualTo(1);
    }

    private int replicas(String deployment) {
        return f.client.apps().deployments().inNamespace(f.namespace).withName(deployment).get().getSpec().getReplicas();
    }

    @Test
    void aTimedPauseAndTheRemainingStepsRunWithoutAnyClick() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-deploy", 10), new BuildLog());
        start(canary("registry/shop:2.0", List.of(Map.of("weight", 10), Map.of("pause", "300ms"), Map.of("weight", 60),
                Map.of("pause", "300ms"))), c);

        c.awaitSuccess(TIMEOUT);
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(f.state().rollout().events()).extracting(ev -> ev.detail()).anyMatch(d -> d.contains("60"));
    }

    @Test
    void badStepsFailTheStepWithTheFieldNameBeforeAnyClusterWrite() throws Exception {
        f.cluster.clearRequests();
        TestStepContext c = context(new FakeBuild("shop-deploy", 11), new BuildLog());

        assertThatThrownBy(() -> canary("registry/shop:2.0", List.of(Map.of("weight", 10), Map.of("weight", 150))).start(c))
                .isInstanceOf(AbortException.class)
                .hasMessage("steps[1].weight: 150 is not allowed; expected an integer from 1 to 100");
        assertThatThrownBy(() -> canary("registry/shop:2.0", List.of(Map.of("pause", "soon"))).start(c))
                .isInstanceOf(AbortException.class).hasMessageStartingWith("steps[0].pause: soon is not allowed");
        CanaryRolloutStep noTag = canary("registry/shop", pausedAt20());
        assertThatThrownBy(() -> noTag.start(c)).isInstanceOf(AbortException.class).hasMessageStartingWith("image: registry/shop is not allowed");
        CanaryRolloutStep unknownCluster = canary("registry/shop:2.0", pausedAt20());
        unknownCluster.setCluster("prod");
        assertThatThrownBy(() -> unknownCluster.start(c)).isInstanceOf(AbortException.class)
                .hasMessage("cluster: prod is not allowed; expected one of the configured clusters [sim]");
        assertThat(f.writes()).isEmpty();
    }

    @Test
    void aRolloutAbortedByAPersonFailsTheStepWithTheReason() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-deploy", 12), new BuildLog());
        StepExecution e = start(canary("registry/shop:2.0", pausedAt20()), c);
        awaitStatus(e, "waiting for promote or abort");

        TestStepContext abortCtx = context(new FakeBuild("shop-abort", 1), new BuildLog());
        AbortStep abort = new AbortStep("shop");
        abort.setComment("customers complain");
        start(abort, abortCtx);

        assertThat(abortCtx.awaitSuccess(TIMEOUT)).isInstanceOf(Map.class);
        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessageContaining("canary of " + f.namespace + "/shop ended ABORTED");
        assertThat(f.candidateWeight()).isZero();
    }
}
