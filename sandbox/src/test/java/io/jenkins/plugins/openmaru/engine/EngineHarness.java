package io.jenkins.plugins.openmaru.engine;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.RollingWorkload;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared set-up for engine tests: one simulated cluster per test class, one namespace per test. */
final class EngineHarness {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private EngineHarness() {}

    static String freshNamespace() {
        return "t" + NAMESPACES.incrementAndGet();
    }

    static RolloutEngine engine(SimulatedOpenShift cluster, String identity, TestClock clock) {
        return new RolloutEngine(cluster.newClient(), EngineConfig.of(identity).withClock(clock));
    }

    static Route route(KubernetesClient c, AppRef app) {
        return c.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
    }

    /**
     * Keeps {@code app}'s {@code slot} unavailable until the returned release runs. The simulated controller makes a
     * Deployment available in milliseconds, and a loaded machine can delay the engine longer than that: a test that
     * asserts the wait the engine returns holds the slot first, instead of racing the controller.
     */
    static Runnable holdUnavailable(SimulatedOpenShift cluster, AppRef app, Slot slot) {
        String name = slot.resourceName(app.app());
        cluster.deployments().awaitPods(d -> !(app.namespace().equals(d.getMetadata().getNamespace()) && name.equals(d.getMetadata().getName())));
        return () -> cluster.deployments().awaitPods(d -> true);
    }

    static Deployment slot(KubernetesClient c, AppRef app, Slot slot) {
        return c.apps().deployments().inNamespace(app.namespace()).withName(slot.resourceName(app.app())).get();
    }

    static void awaitAvailable(KubernetesClient c, AppRef app, Slot slot) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Availability.isAvailable(slot(c, app, slot)));
    }

    /** Deployment {@code <app>} of a rolling update. */
    static Deployment deployment(KubernetesClient c, AppRef app) {
        return c.apps().deployments().inNamespace(app.namespace()).withName(app.app()).get();
    }

    /** Waits until Deployment {@code <app>} runs the pod template of {@code revision} and is available. */
    static void awaitRevision(KubernetesClient c, AppRef app, int revision) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Deployment d = deployment(c, app);
            return RollingWorkload.revisionOf(d) == revision && Availability.isAvailable(d);
        });
    }

    /** Deploys {@code image} as the app's first release (straight to 100 % on blue) by direct engine calls. */
    static void firstRelease(RolloutEngine engine, KubernetesClient c, AppRef app, String image) {
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), image)
                .canary(io.jenkins.plugins.openmaru.model.CanaryStep.setWeight(100)).build();
        Progress p = engine.start(spec, Actor.of("test"));
        if (!p.done()) {
            awaitAvailable(c, app, Slot.BLUE);
            p = engine.reconcile(app);
        }
        if (!p.done()) {
            throw new AssertionError("first release did not finish: " + p);
        }
    }
}
