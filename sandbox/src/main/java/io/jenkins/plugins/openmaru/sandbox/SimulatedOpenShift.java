package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process OpenShift for tests, the sandbox and benchmarks: fabric8's mock API server in CRUD
 * mode on a loopback port (its store indexed by name: {@link IndexedCrudStore}), with a {@link DeploymentController} making Deployments roll out and a
 * {@link BuildController} running S2I builds and image imports, and API discovery ({@link ApiDiscovery}) and
 * server-side tables ({@link ServerSideTables}) for clients such as kubectl. Requests
 * made by the simulated controllers are not counted in {@link #requests()}.
 */
public final class SimulatedOpenShift implements AutoCloseable {
    /** The user agent of the simulated controllers, so request logs can leave them out. */
    public static final String CONTROLLER_AGENT = "openmaru-sandbox-controller";

    private final KubernetesMockServer server;
    private final KubernetesClient controllerClient;
    private final DeploymentController deployments;
    private final BuildController builds;
    private final BuildSubresources buildSubresources;
    private final RecordingDispatcher recorder;
    private final List<KubernetesClient> clients = new ArrayList<>();

    private SimulatedOpenShift(Duration rolloutDelay, int port, UnaryOperator<Dispatcher> front) {
        // Two INFO lines per request would drown everything else.
        Logger.getLogger("io.fabric8.mockwebserver.MockWebServer").setLevel(Level.WARNING);
        buildSubresources = new BuildSubresources(new IndexedCrudStore());
        // Outermost, so requests the front answers itself (the service proxy) are recorded too.
        recorder = new RecordingDispatcher(front.apply(new ApiDiscovery(new ServerSideTables(buildSubresources))), this::discardServerQueue);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), recorder, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        controllerClient = ClusterClients.create(config(CONTROLLER_AGENT));
        deployments = new DeploymentController(controllerClient, rolloutDelay);
        deployments.start();
        builds = new BuildController(buildSubresources, controllerClient.adapt(OpenShiftClient.class), rolloutDelay);
    }

    /** Starts a server whose Deployments roll out {@code rolloutDelay} after each change. */
    public static SimulatedOpenShift start(Duration rolloutDelay) {
        return new SimulatedOpenShift(rolloutDelay, 0, UnaryOperator.identity());
    }

    /**
     * Starts a server on loopback {@code port} (0: any free one) whose requests first meet {@code front},
     * which wraps the CRUD store's dispatcher (the sandbox adds what OpenShift's API server does beyond CRUD).
     */
    public static SimulatedOpenShift start(Duration rolloutDelay, int port, UnaryOperator<Dispatcher> front) {
        return new SimulatedOpenShift(rolloutDelay, port, front);
    }

    public static SimulatedOpenShift start() {
        return start(Duration.ofMillis(50));
    }

    /** The API server URL, e.g. {@code http://127.0.0.1:43121/}. */
    public String url() {
        return server.url("/");
    }

    /** Connection settings for a client of this server (no credentials needed). */
    public Config config(String userAgent) {
        return new ConfigBuilder().withMasterUrl(url()).withTrustCerts(true).withNamespace("default")
                .withUserAgent(userAgent).withRequestTimeout(10_000).withConnectionTimeout(5_000).build();
    }

    /** A new client; closed with the server. */
    public synchronized KubernetesClient newClient() {
        KubernetesClient c = ClusterClients.create(config("openmaru-delivery"));
        clients.add(c);
        return c;
    }

    /** How many clients {@link #newClient()} made that are still open. */
    public synchronized int openClients() {
        return clients.size();
    }

    /** Closes the clients {@link #newClient()} made after the first {@code kept}: a test's own at its end, while its class's stay. */
    public synchronized void closeClientsAfter(int kept) {
        List<KubernetesClient> made = clients.subList(kept, clients.size());
        made.forEach(KubernetesClient::close);
        made.clear();
    }

    public DeploymentController deployments() {
        return deployments;
    }

    public BuildController builds() {
        return builds;
    }

    /** The bytes binary build {@code namespace/build} received (what {@code instantiatebinary} uploaded), or null. */
    public byte[] upload(String namespace, String build) {
        return buildSubresources.upload(namespace, build);
    }

    /** Every request received so far (bodies included), oldest first, except the simulated controllers' own. */
    public List<ApiRequest> requests() {
        discardServerQueue();
        return recorder.snapshot();
    }

    /** Forgets the requests received so far. */
    public void clearRequests() {
        discardServerQueue();
        recorder.clear();
    }

    /**
     * The mock server also queues every request with its body, unbounded, for {@code takeRequest}, which we never use:
     * RecordingDispatcher keeps our own bounded copy. Returns how many it discarded.
     */
    int discardServerQueue() {
        int discarded = 0;
        try {
            while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
                discarded++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return discarded;
    }

    @Override
    public synchronized void close() {
        deployments.close();
        builds.close();
        clients.forEach(KubernetesClient::close);
        controllerClient.close();
        server.destroy();
    }
}
