package io.jenkins.plugins.openmaru.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Service;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicaRatioRouterTest extends ClusterTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    AppRef app;
    ReplicaRatioRouter router;

    @BeforeEach
    void twoSlotsOfFourReplicas() {
        app = new AppRef("rr" + NAMESPACES.incrementAndGet(), "shop");
        SlotWorkloads slots = new SlotWorkloads(client, app);
        slots.deploy(Slot.BLUE, "registry/shop:1.0", 4, Map.of(), 8080, 1);
        slots.deploy(Slot.GREEN, "registry/shop:2.0", 4, Map.of(), 8080, 2);
        router = new ReplicaRatioRouter(client, app.namespace(), app.app());
        router.reconcile("shop-blue");
    }

    @Test
    void reconcileCreatesOneServiceSelectingTheStableSlot() {
        Service s = service();
        assertThat(s.getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "blue").containsEntry(SlotWorkloads.APP_LABEL, "shop");
        assertThat(s.getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(8080);
        assertThat(s.getMetadata().getLabels()).containsEntry(ReplicaRatioRouter.ROUTER_LABEL, "replicas");
        assertThat(router.getWeights()).isEqualTo(Weights.allStable("shop-blue"));
    }

    @Test
    void aSplitSelectsBothSlotsAndSetsReplicaCounts() {
        Weights w = router.setWeight("shop-blue", "shop-green", 25);

        assertThat(w).isEqualTo(new Weights("shop-blue", "shop-green", 25));
        assertThat(service().getSpec().getSelector()).isEqualTo(Map.of(SlotWorkloads.APP_LABEL, "shop"));
        assertThat(replicas("shop-green")).isEqualTo(1);
        assertThat(replicas("shop-blue")).isEqualTo(3);
        assertThat(router.getWeights()).isEqualTo(w);
    }

    @Test
    void weightsRoundToTheNearestPodOfTheTotal() {
        assertThat(router.setWeight("shop-blue", "shop-green", 10)).as("0.4 pod rounds to none").isEqualTo(Weights.allStable("shop-blue"));
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "blue");
        assertThat(router.setWeight("shop-blue", "shop-green", 60).weight()).as("2.4 pods round to 2 of 4").isEqualTo(50);
        assertThat(router.setWeight("shop-blue", "shop-green", 90).weight()).as("3.6 pods round to 4: all").isEqualTo(100);
        assertThat(ReplicaRatioRouter.candidatePods(10, 5)).isEqualTo(1);
        assertThat(ReplicaRatioRouter.candidatePods(10, 14)).isEqualTo(1);
        assertThat(ReplicaRatioRouter.candidatePods(3, 50)).isEqualTo(2);
    }

    @Test
    void fullWeightSelectsTheCandidateAndLeavesTheStableRunning() {
        router.setWeight("shop-blue", "shop-green", 50);
        Weights w = router.setWeight("shop-blue", "shop-green", 100);

        assertThat(w).isEqualTo(new Weights("shop-blue", "shop-green", 100));
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "green");
        assertThat(replicas("shop-green")).isEqualTo(4);
        assertThat(replicas("shop-blue")).as("stable not scaled to 0 by a weight").isEqualTo(2);

        assertThat(router.endRollout("shop-green")).isEqualTo(Weights.allStable("shop-green"));
        assertThat(service().getMetadata().getAnnotations()).doesNotContainKeys("delivery.openmaru.io/candidate-service", "delivery.openmaru.io/total-replicas");
    }

    @Test
    void endRolloutBackToStableSwitchesTheSelectorFirstThenRestoresReplicas() {
        router.setWeight("shop-blue", "shop-green", 50);
        cluster.clearRequests();

        router.endRollout("shop-blue");

        var writes = cluster.requests().stream().filter(ApiRequest::mutating).toList();
        assertThat(writes.get(0).resourcePath()).endsWith("/services/shop");
        assertThat(service().getSpec().getSelector()).containsEntry(SlotWorkloads.SLOT_LABEL, "blue");
        assertThat(replicas("shop-blue")).isEqualTo(4);
        assertThat(replicas("shop-green")).as("candidate kept for inspection").isEqualTo(2);
        assertThat(router.getWeights()).isEqualTo(Weights.allStable("shop-blue"));
    }

    @Test
    void aServiceItDoesNotManageIsRefused() {
        ReplicaRatioRouter other = new ReplicaRatioRouter(client, app.namespace(), "billing");
        assertThatThrownBy(other::getWeights).isInstanceOf(TrafficException.class).hasMessageContaining("billing");
    }

    private Service service() {
        return client.services().inNamespace(app.namespace()).withName("shop").get();
    }

    private int replicas(String deployment) {
        return client.apps().deployments().inNamespace(app.namespace()).withName(deployment).get().getSpec().getReplicas();
    }
}
