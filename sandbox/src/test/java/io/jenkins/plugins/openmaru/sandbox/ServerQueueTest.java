package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** A long-running sandbox (openmaru sandbox serve) must not keep every request it ever answered. */
class ServerQueueTest {
    @Test
    void theMockServersOwnQueueStaysBoundedWhenNobodyReadsTheRequests() {
        try (SimulatedOpenShift cluster = SimulatedOpenShift.start()) {
            KubernetesClient client = cluster.newClient();
            int sent = 3 * RecordingDispatcher.DISCARD_EVERY;
            for (int i = 0; i < sent; i++) {
                assertThat(client.configMaps().inNamespace("shop").withName("absent-" + i).get()).isNull();
            }

            assertThat(cluster.discardServerQueue()).as("requests still queued by the mock server after %d", sent)
                    .isLessThanOrEqualTo(RecordingDispatcher.DISCARD_EVERY);
            assertThat(cluster.requests()).hasSizeGreaterThanOrEqualTo(sent)
                    .last().satisfies(r -> assertThat(r.path()).contains("absent-" + (sent - 1)));
        }
    }
}
