package io.jenkins.plugins.openmaru.engine.drill;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.gate.GateCredentials;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.Sandbox;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlane;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.workload.Availability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox for drill tests: a simulated OpenShift whose pods serve real HTTP (so the health gate
 * measures something), reachable directly or through the API server's service proxy. Started once and shared by the drill test classes (starting it is the slow
 * part on a busy machine); each test uses its own namespace. It ends with the test JVM.
 */
public final class DrillCluster {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static DrillCluster shared;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Its API server also serves the service proxy, as a cluster's does. */
    private final Sandbox sandbox = Sandbox.start(Duration.ofMillis(20), 0, DataPlaneConfig.defaults());
    public final SimulatedOpenShift cluster = sandbox.cluster();
    public final KubernetesClient client = sandbox.client();
    public final DataPlane dataPlane = sandbox.dataPlane();

    public static synchronized DrillCluster shared() {
        if (shared == null) {
            shared = new DrillCluster();
        }
        return shared;
    }

    private DrillCluster() {}

    public static AppRef freshApp() {
        return new AppRef("drill" + NAMESPACES.incrementAndGet(), "shop");
    }

    /** What a Jenkins step or the CLI would configure: real gates, slot URLs of the sandbox. */
    public EngineConfig config(String identity) {
        return EngineConfig.of(identity).withGates(new GateFactory(GateCredentials.NONE)).withEndpoints(sandbox.endpoints());
    }

    RollbackDrill drill() {
        return new RollbackDrill(client, config("drill:test"));
    }

    /** Releases {@code image} to 100 % (first deployment, or a one-step canary that promotes itself). */
    public void release(AppRef app, String image, Map<String, String> env) {
        RolloutEngine engine = new RolloutEngine(client, config("jenkins:deploy"));
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), image).canary(CanaryStep.setWeight(100)).env(env).build();
        Progress first = engine.start(spec, Actor.of("release-bot"));
        if (!first.done()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> engine.reconcile(app).done());
        }
        Route route = client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get();
        if (route.getSpec().getHost() == null) {
            // as the app's template would: the engine adopts the Route and only changes its backends
            route.getSpec().setHost(host(app));
            client.resources(Route.class).inNamespace(app.namespace()).resource(route).update();
        }
    }

    /** A request through the router, as a user of the app would send it; the answering version. */
    public String servedVersion(AppRef app) throws IOException {
        String host = client.resources(Route.class).inNamespace(app.namespace()).withName(app.app()).get().getSpec().getHost();
        return dataPlane.routerClient().get(host, "/").version().orElse("(no version: " + host + " not served)");
    }

    /**
     * Adds {@code env} to the slot's container: the release there stops working while it sits in its warm slot
     * (a config change, a dead dependency). Returns once its pods answer the health path with {@code healthStatus} and
     * the Deployment's status says whether they are {@code ready} (an error rate) or not (a failing readiness probe).
     */
    public void breakSlot(AppRef app, Slot slot, String env, String value, int healthStatus, boolean ready) {
        client.apps().deployments().inNamespace(app.namespace()).withName(slot.resourceName(app.app())).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVar(env, value, null));
            return d;
        });
        URI health = dataPlane.slotUrl(app.namespace(), app.app(), slot.label()).resolve("/health");
        await().atMost(Duration.ofSeconds(10)).until(() -> HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == healthStatus);
        // The pods answer at once, the Deployment's status follows its controller: until it shows the change rolled out, a
        // drill reads a slot still ready as not warm and rolls it out again instead of measuring it before the switch.
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(
                client.apps().deployments().inNamespace(app.namespace()).withName(slot.resourceName(app.app())).get()) == ready);
    }

    static String host(AppRef app) {
        return app.app() + "." + app.namespace() + ".apps.sandbox";
    }
}
