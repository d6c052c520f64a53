package io.jenkins.plugins.openmaru.jenkins;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteTargetReference;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import io.jenkins.plugins.openmaru.workload.RollingWorkload;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A namespace of a simulated OpenShift configured as the cluster {@code sim} in the global configuration, and helpers to
 * run steps against it as Pipeline would: each test gets its own namespace and build.
 */
final class DeliveryFixture implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    final SimulatedOpenShift cluster;
    final KubernetesClient client;
    final String namespace = "j" + NAMESPACES.incrementAndGet();
    final AppRef app = new AppRef(namespace, "shop");
    private final List<KubernetesClient> stepClients = new ArrayList<>();
    private final AutoCloseable configuration;

    private static SimulatedOpenShift shared;

    /** One simulated OpenShift for all the test classes that ask for it, started on first use and stopped when the JVM exits. */
    static synchronized SimulatedOpenShift sharedCluster() {
        if (shared == null) {
            shared = SimulatedOpenShift.start(Duration.ofMillis(30));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** @param cluster shared by a test class; each fixture works in a namespace of its own */
    DeliveryFixture(SimulatedOpenShift cluster) {
        this(cluster, sim -> {}, (id, run) -> null);
    }

    /** @param settings further settings of the configured cluster {@code sim}, e.g. its Prometheus; {@code credentials} resolves their ids */
    DeliveryFixture(SimulatedOpenShift cluster, Consumer<DeliveryCluster> settings, CredentialLookup credentials) {
        this(cluster, SharedClients.IDLE, settings, credentials);
    }

    /** @param clientIdle how long the plugin keeps a client nobody uses open */
    DeliveryFixture(SimulatedOpenShift cluster, Duration clientIdle, Consumer<DeliveryCluster> settings, CredentialLookup credentials) {
        this.cluster = cluster;
        this.client = cluster.newClient();
        DeliveryCluster sim = new DeliveryCluster("sim");
        sim.setApiUrl(cluster.url());
        sim.setInsecure(true);
        sim.setDefaultNamespace(namespace);
        settings.accept(sim);
        configuration = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(sim), credentials, config -> {
            KubernetesClient c = ClusterClients.create(config);
            synchronized (stepClients) {
                stepClients.add(c);
            }
            return c;
        }, clientIdle, c -> c));
    }

    /** Closes every client the plugin opened so far: what a Jenkins restart does to connections of the old JVM. */
    void dropPluginConnections() {
        synchronized (stepClients) {
            stepClients.forEach(KubernetesClient::close);
            stepClients.clear();
        }
    }

    /** How many clients the plugin built so far. */
    int builtPluginClients() {
        synchronized (stepClients) {
            return stepClients.size();
        }
    }

    /** How many of the clients the plugin opened are still open. */
    long openPluginClients() {
        synchronized (stepClients) {
            return stepClients.stream().filter(c -> !c.getHttpClient().isClosed()).count();
        }
    }

    /** A context for a step of {@code build}, with its log. */
    static TestStepContext context(FakeBuild build, BuildLog log) {
        return new TestStepContext().with(hudson.model.Run.class, build).with(hudson.model.TaskListener.class, log);
    }

    /** Starts {@code step} as Pipeline does (saving the execution when start() returns) and returns its execution. */
    static StepExecution start(Step step, TestStepContext context) throws Exception {
        StepExecution e = context.start(step);
        if (context.saves() == 0) {
            // start() returned true: the step completed on the CPS thread
            throw new AssertionError("a delivery step must not complete synchronously");
        }
        return e;
    }

    static CanaryRolloutStep canary(String image, List<Map<String, Object>> steps) {
        CanaryRolloutStep s = new CanaryRolloutStep("shop", image);
        s.setSteps(steps);
        return s;
    }

    /** Deploys {@code image} as the first release, through the canary step. */
    void firstRelease(String image) throws Exception {
        TestStepContext c = context(new FakeBuild("setup", 1), new BuildLog());
        start(canary(image, List.of(Map.of("weight", 100))), c);
        c.awaitSuccess(TIMEOUT);
    }

    DeliveryState state() {
        return new RolloutEngine(client, io.jenkins.plugins.openmaru.engine.EngineConfig.of("test-reader")).status(app);
    }

    Route route() {
        return client.resources(Route.class).inNamespace(namespace).withName("shop").get();
    }

    /** The candidate's share of traffic on the Route: 0 when the Route has no alternate backend. */
    int candidateWeight() {
        Route r = route();
        List<RouteTargetReference> alt = r.getSpec().getAlternateBackends();
        return alt == null || alt.isEmpty() ? 0 : alt.get(0).getWeight();
    }

    String routeTarget() {
        return route().getSpec().getTo().getName();
    }

    /** The image of Deployment {@code shop}, the one a rolling update changes. */
    String deploymentImage() {
        return RollingWorkload.image(client.apps().deployments().inNamespace(namespace).withName("shop").get());
    }

    /** Mutating requests the plugin sent to this test's namespace. */
    List<ApiRequest> writes() {
        return cluster.requests().stream().filter(r -> !r.method().equals("GET") && r.path().contains("/namespaces/" + namespace + "/")).toList();
    }

    /** The bytes of a Java serialization of {@code o}, as Pipeline saves a running step. */
    static byte[] serialize(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static void awaitStatus(StepExecution e, String fragment) {
        await().atMost(TIMEOUT).until(() -> e.getStatus() != null && e.getStatus().contains(fragment));
    }

    @Override
    public void close() throws Exception {
        configuration.close();
        dropPluginConnections();
        client.close();
    }
}
