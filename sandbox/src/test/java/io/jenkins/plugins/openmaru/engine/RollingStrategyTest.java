package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.model.Verdict;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.DeploymentController;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.RollingWorkload;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RollingStrategyTest extends ClusterTestBase {

    @AfterEach
    void usualRolloutDelay() {
        cluster.deployments().setDelay("shop", Duration.ofMillis(20));
        cluster.deployments().awaitPods(d -> true);
    }

    private RolloutSpec.Builder rolling(String image, RollingSpec spec) {
        return RolloutSpec.builder(app.namespace(), app.app(), image).rolling(spec);
    }

    private Deployment deployment() {
        return EngineHarness.deployment(client, app);
    }

    private void awaitRevision(int revision) {
        EngineHarness.awaitRevision(client, app, revision);
    }

    private Progress finish(RolloutSpec spec) {
        Progress p = engine.start(spec, Actor.of("alice"));
        awaitRevision(p.state().rollout().revision());
        return engine.reconcile(app);
    }

    @Test
    void theFirstDeploymentCreatesOneDeploymentAndServiceAndNoRouter() {
        Progress p = finish(rolling("registry/shop:1.0", RollingSpec.defaults()).replicas(3).build());

        assertThat(p.done()).isTrue();
        Deployment d = deployment();
        assertThat(RollingWorkload.image(d)).isEqualTo("registry/shop:1.0");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
        assertThat(d.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
        assertThat(client.services().inNamespace(app.namespace()).withName("shop").get().getSpec().getSelector())
                .isEqualTo(Map.of(SlotWorkloads.APP_LABEL, "shop"));
        assertThat(route(client, app)).isNull();
        assertThat(client.apps().deployments().inNamespace(app.namespace()).list().getItems()).hasSize(1);
        assertThat(p.state().history()).extracting(Release::image, Release::outcome, Release::strategy)
                .containsExactly(tuple("registry/shop:1.0", ReleaseOutcome.DEPLOYED, io.jenkins.plugins.openmaru.model.Strategy.ROLLING));
        assertThat(p.state().rollout().events()).extracting(e -> e.detail()).first().asString().contains("into Deployment shop (rolling update)");
    }

    @Test
    void anUpdateReplacesTheTemplateInPlaceAndKeepsThePreviousOne() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());

        Progress p = finish(rolling("registry/shop:2.0", new RollingSpec("1", "0", List.of(), null)).build());

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        Deployment d = deployment();
        assertThat(RollingWorkload.image(d)).isEqualTo("registry/shop:2.0");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(d.getMetadata().getAnnotations()).containsEntry(RollingWorkload.PREVIOUS_REVISION, "1");
        assertThat(d.getMetadata().getAnnotations().get(RollingWorkload.PREVIOUS_TEMPLATE)).contains("registry/shop:1.0");
        assertThat(p.state().history()).extracting(Release::image, Release::outcome).containsExactly(
                tuple("registry/shop:1.0", ReleaseOutcome.DEPLOYED), tuple("registry/shop:2.0", ReleaseOutcome.PROMOTED));
    }

    @Test
    void missingTheProgressDeadlineUndoesTheUpdateAndRecordsBothRevisions() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        Progress p = engine.start(rolling("registry/shop:2.0", RollingSpec.defaults())
                .env(Map.of(DeploymentController.FAIL_READINESS_ENV, "true")).progressDeadline(Duration.ofMinutes(2)).build(), Actor.of("alice"));
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(p.next().deployment()).isEqualTo("shop");

        clock.advance(Duration.ofMinutes(2));
        cluster.clearRequests();
        p = engine.reconcile(app);

        // The lease renewal precedes the decision; the first write after it is the template restore.
        List<ApiRequest> writes = cluster.requests().stream().filter(ApiRequest::mutating).filter(r -> !r.path().contains("/leases/")).toList();
        assertThat(writes.get(0).method()).isEqualTo("PUT");
        assertThat(writes.get(0).resourcePath()).endsWith("/deployments/shop");
        assertThat(p.done()).isTrue();
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(p.state().rollout().message()).contains("progressDeadline").contains("rolled back to registry/shop:1.0");
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:1.0");
        assertThat(p.state().history()).extracting(Release::revision, Release::image, Release::outcome, Release::rolledBackFrom).containsExactly(
                tuple(1, "registry/shop:1.0", ReleaseOutcome.DEPLOYED, 0),
                tuple(2, "registry/shop:2.0", ReleaseOutcome.ABORTED, 0),
                tuple(3, "registry/shop:1.0", ReleaseOutcome.ROLLED_BACK, 2));
        awaitRevision(3);
    }

    @Test
    void aCrashLoopingPodUndoesTheUpdateBeforeTheDeadline() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        engine.start(rolling("registry/shop:2.0", RollingSpec.defaults())
                .env(Map.of(DeploymentController.FAIL_READINESS_ENV, "true")).build(), Actor.of("alice"));
        client.pods().inNamespace(app.namespace()).resource(crashLooping("shop-7d9f-x2", "registry/shop:2.0")).create();

        Progress p = engine.reconcile(app);

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(p.state().rollout().message()).contains("CrashLoopBackOff");
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:1.0");
    }

    @Test
    void aFailingGateUndoesTheUpdate() {
        ScriptedGate gate = new ScriptedGate(clock, () -> { }, Verdict.FAIL);
        engine = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGates(spec -> gate));
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        AnalysisPolicy once = AnalysisPolicy.builder().interval(Duration.ofSeconds(10)).count(1).inconclusiveLimit(0)
                .consecutiveErrorLimit(0).onInconclusive(AnalysisPolicy.OnInconclusive.ABORT).build();

        Progress p = finish(rolling("registry/shop:2.0", RollingSpec.defaults().withGates(once, List.of(GateSpec.readiness()))).build());

        assertThat(gate.lastContext().candidateUrl()).hasHost("shop." + app.namespace() + ".svc");
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(p.state().rollout().message()).contains("analysis failed");
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:1.0");
    }

    @Test
    void pauseAndResumeMapToSpecPaused() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        cluster.deployments().setDelay("shop", Duration.ofMillis(300));
        engine.start(rolling("registry/shop:2.0", RollingSpec.defaults()).build(), Actor.of("alice"));

        engine.pause(app, Actor.of("bob"));
        assertThat(deployment().getSpec().getPaused()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> deployment().getStatus() != null
                && deployment().getStatus().getObservedGeneration() != null
                && deployment().getStatus().getObservedGeneration().equals(deployment().getMetadata().getGeneration()));
        assertThat(Availability.isAvailable(deployment())).as("a paused update makes no progress").isFalse();
        assertThat(engine.reconcile(app).next().kind()).isEqualTo(Wait.Kind.MANUAL);

        engine.resume(app, Actor.of("bob"));
        assertThat(deployment().getSpec().getPaused()).isFalse();
        awaitRevision(2);
        assertThat(engine.reconcile(app).state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
    }

    @Test
    void abortDuringTheUpdateRestoresThePreviousTemplate() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        cluster.deployments().setDelay("shop", Duration.ofSeconds(30));
        engine.start(rolling("registry/shop:2.0", RollingSpec.defaults()).build(), Actor.of("alice"));

        Progress p = EngineHarness.engine(cluster, "release-manager-ui", clock).abort(app, new Actor("carol", "wrong build"));

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:1.0");
        assertThat(p.state().history()).extracting(Release::outcome, Release::actor).endsWith(
                tuple(ReleaseOutcome.ABORTED, "carol"), tuple(ReleaseOutcome.ROLLED_BACK, "carol"));
    }

    @Test
    void anAbortWhoseStateSaveLosesAConflictRecordsTheRollbackOnRetry() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        engine.start(rolling("registry/shop:2.0", RollingSpec.defaults())
                .env(Map.of(DeploymentController.FAIL_READINESS_ENV, "true")).build(), Actor.of("alice"));
        StateStore driver = new StateStore(cluster.newClient());
        AtomicBoolean raced = new AtomicBoolean();
        // Once the abort has restored the template, the build's own driver writes the state before the abort saves it.
        Clock racing = new HookedClock(clock, () -> {
            if (!raced.get() && "registry/shop:1.0".equals(RollingWorkload.image(deployment())) && raced.compareAndSet(false, true)) {
                StateStore.Snapshot s = driver.load(app);
                driver.save(app, s.state().withRollout(s.state().rollout().withMessage("driver was here", clock.instant())), s.resourceVersion());
            }
        });
        RolloutEngine ui = new RolloutEngine(cluster.newClient(), EngineConfig.of("release-manager-ui").withClock(racing));

        Progress p = ui.abort(app, new Actor("carol", "build stopped"));

        assertThat(raced).isTrue();
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:1.0");
        assertThat(p.state().rollout().message()).contains("rolled back to registry/shop:1.0").doesNotContain("no previous pod template");
        assertThat(engine.status(app).history()).extracting(Release::revision, Release::image, Release::outcome, Release::actor).containsExactly(
                tuple(1, "registry/shop:1.0", ReleaseOutcome.DEPLOYED, "engine"),
                tuple(2, "registry/shop:2.0", ReleaseOutcome.ABORTED, "carol"),
                tuple(3, "registry/shop:1.0", ReleaseOutcome.ROLLED_BACK, "carol"));
    }

    /** A clock that runs {@code hook} each time the engine reads it: a point between two of its writes. */
    private static final class HookedClock extends Clock {
        private final Clock clock;
        private final Runnable hook;

        HookedClock(Clock clock, Runnable hook) {
            this.clock = clock;
            this.hook = hook;
        }

        @Override
        public ZoneId getZone() {
            return clock.getZone();
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            hook.run();
            return clock.instant();
        }
    }

    @Test
    void rollbackRestoresTheSavedTemplateAndWaitsForIt() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        finish(rolling("registry/shop:2.0", RollingSpec.defaults()).build());

        AtomicBoolean released = new AtomicBoolean();
        // The restored template stays unavailable until asserted on, so the engine must wait for it.
        cluster.deployments().awaitPods(d -> released.get());

        Progress p = engine.rollback(app, null, new Actor("dave", "break-glass"));
        assertThat(p.next().kind()).as(p.toString()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:1.0");
        assertThat(engine.reconcile(app).next().kind()).as("still waiting").isEqualTo(Wait.Kind.AVAILABLE);

        released.set(true);
        awaitRevision(3);
        p = engine.reconcile(app);
        assertThat(p.done()).isTrue();
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(p.state().history()).extracting(Release::revision, Release::image, Release::outcome, Release::rolledBackFrom, Release::actor)
                .endsWith(tuple(3, "registry/shop:1.0", ReleaseOutcome.ROLLED_BACK, 2, "dave"));
    }

    @Test
    void aRollbackOfARollingReleaseCannotBePreparedApartFromItsTraffic() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        finish(rolling("registry/shop:2.0", RollingSpec.defaults()).build());
        cluster.clearRequests();

        assertThatThrownBy(() -> engine.prepareRollback(app, null, Actor.of("drill")))
                .isInstanceOf(EngineException.class).hasMessageContaining("deployed by a rolling update, which has no idle slot");
        assertThat(cluster.requests()).noneMatch(ApiRequest::mutating);
        assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:2.0");
    }

    @Test
    void aFreshEngineFinishesTheUpdate() {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        engine.start(rolling("registry/shop:2.0", RollingSpec.defaults()).build(), Actor.of("alice"));
        awaitRevision(2);

        Progress p = EngineHarness.engine(cluster, "test-engine", clock).reconcile(app);

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(engine.leaseHolder(app)).isEmpty();
    }

    @Test
    void theDriverWatchesTheDeploymentToCompletion() throws Exception {
        finish(rolling("registry/shop:1.0", RollingSpec.defaults()).build());
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        try {
            engine.start(rolling("registry/shop:2.0", RollingSpec.defaults()).build(), Actor.of("alice"));
            Progress last = new RolloutDriver(engine, scheduler).drive(app, p -> { }).done().get(20, TimeUnit.SECONDS);
            assertThat(last.state().rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
            assertThat(RollingWorkload.image(deployment())).isEqualTo("registry/shop:2.0");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void invalidOptionsNameTheField() {
        assertThatThrownBy(() -> new RollingSpec("0", "0%", List.of(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxUnavailable"));
        assertThatThrownBy(() -> new RollingSpec("150%", null, List.of(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxSurge"));
        assertThatThrownBy(() -> new RollingSpec(null, "a few", List.of(), null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage()).contains("maxUnavailable").contains("25%"));
        assertThat(deployment()).isNull();
    }

    private Pod crashLooping(String name, String image) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels(SlotWorkloads.APP_LABEL, "shop").endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage(image).endContainer().endSpec()
                .withNewStatus().addNewContainerStatus().withName("shop").withImage(image).withRestartCount(5)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .endContainerStatus().endStatus().build();
    }
}
