package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code openmaru status} reads without a KubernetesClient: the document, and the failures, must be what the engine's own
 * reads give ({@link StatusDocument#read}, {@link StateStore#load}) on the same API server.
 */
class StatusReaderTest extends ClusterTestBase {

    @Test
    void aRolloutInProgressReadsAsTheEngineReadsIt() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.pause(), CanaryStep.setWeight(50)).build();
        engine.start(spec, new Actor("alice", "release 2.0"));
        EngineHarness.awaitAvailable(client, app, Slot.GREEN);
        engine.reconcile(app);

        try (StatusReader reader = new StatusReader(cluster.config("status-reader-test"))) {
            DeliveryState state = reader.state(app);
            Map<String, Object> read = reader.document(app, state);

            assertThat(state).isEqualTo(engine.status(app));
            assertThat(read).isEqualTo(StatusDocument.read(engine, app, engine.status(app)));
            assertThat(read).containsEntry("host", EngineHarness.route(client, app).getSpec().getHost())
                    .containsEntry("driver", "test-engine").containsEntry("phase", "PAUSED");
        }
    }

    @Test
    void anAppTheClusterHoldsNothingAboutHasAnEmptyStateNoHostAndNoDriver() {
        try (StatusReader reader = new StatusReader(cluster.config("status-reader-test"))) {
            assertThat(reader.state(app)).isEqualTo(DeliveryState.EMPTY);
            assertThat(reader.document(app, DeliveryState.EMPTY)).isEqualTo(StatusDocument.read(engine, app, DeliveryState.EMPTY))
                    .containsEntry("host", null).containsEntry("driver", null).containsEntry("phase", "NONE");
        }
    }

    @Test
    void aReleasedLeaseHasNoDriver() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        try (StatusReader reader = new StatusReader(cluster.config("status-reader-test"))) {
            assertThat(client.leases().inNamespace(app.namespace()).withName(AppLease.name(app)).get()).as("the lease a release leaves").isNotNull();
            assertThat(reader.document(app, reader.state(app))).containsEntry("driver", null).containsEntry("phase", "PROMOTED");
        }
    }

    @Test
    void aRefusalFailsAsTheClientsOwnReadFails() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(proxiedConfig(proxy));
                StatusReader reader = new StatusReader(proxiedConfig(proxy))) {
            proxy.rules().add(FaultRule.on("GET", ".*/configmaps/shop-delivery", FaultRule.answer(403)).always());

            KubernetesClientException byClient = catchThrowableOfType(() -> new StateStore(proxied).load(app), KubernetesClientException.class);
            KubernetesClientException byReader = catchThrowableOfType(() -> reader.state(app), KubernetesClientException.class);

            assertThat(byReader.getCode()).isEqualTo(byClient.getCode()).isEqualTo(403);
            assertThat(byReader.getMessage()).isEqualTo(byClient.getMessage());
        }
    }

    @Test
    void aRouteItMayNotReadLeavesTheHostOutAsTheEngineDoes() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        try (FaultProxy proxy = FaultProxy.start(cluster.url()); StatusReader reader = new StatusReader(proxiedConfig(proxy))) {
            proxy.rules().add(FaultRule.on("GET", ".*/routes/shop", FaultRule.answer(403)).always());

            assertThat(reader.document(app, reader.state(app))).containsEntry("host", null).containsEntry("phase", "PROMOTED");
        }
    }

    @Test
    void anAnswerLostOnTheWayIsRetriedAsTheClientRetries() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        try (FaultProxy proxy = FaultProxy.start(cluster.url()); StatusReader reader = new StatusReader(proxiedConfig(proxy))) {
            proxy.rules().add(FaultRule.on("GET", ".*/configmaps/shop-delivery", FaultRule.answer(503)).occurrences(1, 2));

            assertThat(reader.state(app)).isEqualTo(engine.status(app));
            assertThat(proxy.requests()).filteredOn(r -> r.endsWith("/configmaps/shop-delivery")).hasSize(3);
        }
    }

    @Test
    void anUnreachableServerFailsWithoutAnHttpStatusAsTheClientsOwnReadFails() throws Exception {
        String nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = "http://127.0.0.1:" + s.getLocalPort() + "/";
        }
        Config config = new ConfigBuilder(cluster.config("status-reader-test")).withMasterUrl(nobody).withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient unreachable = ClusterClients.create(config); StatusReader reader = new StatusReader(config)) {
            KubernetesClientException byClient = catchThrowableOfType(() -> new StateStore(unreachable).load(app), KubernetesClientException.class);
            KubernetesClientException byReader = catchThrowableOfType(() -> reader.state(app), KubernetesClientException.class);

            // what the CLI prints of it: no HTTP status, and the root cause
            assertThat(byReader.getCode()).isEqualTo(byClient.getCode()).isLessThanOrEqualTo(0);
            assertThat(root(byReader)).hasToString(root(byClient).toString()).isInstanceOf(ConnectException.class);
            assertThat(byReader.getMessage()).contains(nobody);
        }
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private Config proxiedConfig(FaultProxy proxy) {
        return new ConfigBuilder(cluster.config("status-reader-test")).withMasterUrl(proxy.url()).withRequestRetryBackoffLimit(3)
                .withRequestRetryBackoffInterval((int) Duration.ofMillis(10).toMillis()).build();
    }
}
