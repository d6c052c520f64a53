package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.traffic.OpenShiftRouteRouter;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryStrategyTest extends ClusterTestBase {
    private RolloutSpec canary(String image, CanaryStep... steps) {
        return RolloutSpec.builder(app.namespace(), app.app(), image).canary(steps).build();
    }

    @Test
    void fullCanaryMovesWeightsInOrderAndFlipsTheActiveSlot() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");

        Runnable green = EngineHarness.holdUnavailable(cluster, app, Slot.GREEN);
        Progress p = engine.start(canary("registry/shop:2.0", CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofMinutes(1)),
                CanaryStep.setWeight(25), CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(50),
                CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(100)), Actor.of("alice"));
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(SlotWorkloads.imageOf(slot(client, app, Slot.GREEN))).isEqualTo("registry/shop:2.0");
        green.run();
        awaitAvailable(client, app, Slot.GREEN);

        List<Integer> routeWeights = new ArrayList<>();
        p = engine.reconcile(app);
        routeWeights.add(candidateWeight(route(client, app)));
        while (!p.done()) {
            assertThat(p.next().kind()).isEqualTo(Wait.Kind.TIME);
            clock.advance(Duration.ofMinutes(1));
            p = engine.reconcile(app);
            routeWeights.add(candidateWeight(route(client, app)));
        }
        assertThat(routeWeights).containsExactly(10, 25, 50, 0);

        Route r = route(client, app);
        assertThat(r.getSpec().getTo().getName()).isEqualTo("shop-green");
        assertThat(r.getSpec().getTo().getWeight()).isEqualTo(100);
        assertThat(r.getSpec().getAlternateBackends()).isEmpty();
        DeliveryState s = engine.status(app);
        assertThat(s.activeSlot()).isEqualTo(Slot.GREEN);
        assertThat(s.rollout().phase()).isEqualTo(RolloutPhase.PROMOTED);
        assertThat(s.history()).extracting(Release::image, Release::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("registry/shop:1.0", ReleaseOutcome.DEPLOYED),
                org.assertj.core.groups.Tuple.tuple("registry/shop:2.0", ReleaseOutcome.PROMOTED));
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).as("old slot stays warm").isEqualTo(1);
        assertThat(s.scaleDown().slot()).isEqualTo(Slot.BLUE);

        clock.advance(RolloutSpec.DEFAULT_SCALE_DOWN_DELAY);
        engine.reconcile(app);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).as("scaled down after scaleDownDelay").isZero();
        assertThat(engine.status(app).scaleDown()).isNull();
    }

    @Test
    void routeAnnotationsAreSetDuringTheCanaryAndRestoredAfter() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        Route before = route(client, app);
        before.getMetadata().setAnnotations(new java.util.HashMap<>(Map.of("haproxy.router.openshift.io/balance", "leastconn")));
        client.resources(Route.class).inNamespace(app.namespace()).resource(before).update();

        engine.start(canary("registry/shop:2.0", CanaryStep.setWeight(20), CanaryStep.pause()), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        Progress p = engine.reconcile(app);
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.MANUAL);
        Map<String, String> during = route(client, app).getMetadata().getAnnotations();
        assertThat(during).containsEntry("haproxy.router.openshift.io/balance", "roundrobin")
                .containsEntry("haproxy.router.openshift.io/disable_cookies", "true")
                .containsKey(OpenShiftRouteRouter.SAVED_ANNOTATIONS);

        engine.promote(app, new Actor("bob", "looks good"));
        Map<String, String> after = route(client, app).getMetadata().getAnnotations();
        assertThat(after).containsEntry("haproxy.router.openshift.io/balance", "leastconn")
                .doesNotContainKey("haproxy.router.openshift.io/disable_cookies")
                .doesNotContainKey(OpenShiftRouteRouter.SAVED_ANNOTATIONS);
    }

    private static int candidateWeight(Route r) {
        return r.getSpec().getAlternateBackends() == null || r.getSpec().getAlternateBackends().isEmpty() ? 0
                : r.getSpec().getAlternateBackends().get(0).getWeight();
    }
}
