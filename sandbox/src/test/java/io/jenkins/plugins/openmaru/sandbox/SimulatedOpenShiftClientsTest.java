package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** The clients a test made are closed at its end ({@link ClusterTest}); its class's stay open for the next test. */
class SimulatedOpenShiftClientsTest {

    @Test
    void closingTheClientsMadeAfterAMarkLeavesTheEarlierOnesWorking() {
        try (SimulatedOpenShift cluster = SimulatedOpenShift.start()) {
            KubernetesClient classClient = cluster.newClient();
            int kept = cluster.openClients();
            KubernetesClient testClient = cluster.newClient();
            assertThat(testClient.configMaps().inNamespace("t").list().getItems()).isEmpty();

            cluster.closeClientsAfter(kept);

            assertThat(cluster.openClients()).isEqualTo(kept);
            assertThat(classClient.configMaps().inNamespace("t").list().getItems()).isEmpty();
            assertThatThrownBy(() -> testClient.configMaps().inNamespace("t").list()).as("closed").isInstanceOf(RuntimeException.class);
        }
    }
}
