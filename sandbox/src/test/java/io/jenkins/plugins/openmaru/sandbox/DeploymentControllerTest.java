package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import io.jenkins.plugins.openmaru.workload.Availability;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest extends ClusterTest {
    private static Deployment create(String ns, String app, int replicas, boolean failReadiness) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName(app + "-blue").withNamespace(ns)
                .addToLabels(SlotWorkloads.APP_LABEL, app).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewTemplate().withNewSpec().addNewContainer().withName(app).withImage("r/" + app + ":1")
                .addNewEnv().withName(DeploymentController.FAIL_READINESS_ENV).withValue(Boolean.toString(failReadiness)).endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build();
        return client.apps().deployments().inNamespace(ns).resource(d).create();
    }

    private static Deployment get(String ns, String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    @Test
    void rollsOutEachSpecChangeThroughTheStatusSubresource() {
        create("dc1", "web", 3, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc1", "web-blue")));
        Deployment d = get("dc1", "web-blue");
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(3);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());

        client.apps().deployments().inNamespace("dc1").withName("web-blue").edit(x -> {
            x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("r/web:2");
            return x;
        });
        assertThat(Availability.isAvailable(get("dc1", "web-blue"))).as("a new generation is not available until observed").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc1", "web-blue")));
    }

    @Test
    void honoursScaleToZero() {
        create("dc2", "web", 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc2", "web-blue")));
        new SlotWorkloads(client, new io.jenkins.plugins.openmaru.model.AppRef("dc2", "web")).scale(io.jenkins.plugins.openmaru.model.Slot.BLUE, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> Integer.valueOf(0).equals(get("dc2", "web-blue").getStatus().getReplicas()));
        assertThat(get("dc2", "web-blue").getStatus().getAvailableReplicas()).isZero();
        assertThat(Availability.isAvailable(get("dc2", "web-blue"))).isFalse();
    }

    @Test
    void neverMakesADeploymentThatFailsReadinessAvailable() {
        create("dc3", "broken", 1, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("dc3", "broken-blue").getStatus() != null
                && get("dc3", "broken-blue").getStatus().getObservedGeneration() != null);
        Deployment d = get("dc3", "broken-blue");
        assertThat(d.getStatus().getAvailableReplicas()).isZero();
        assertThat(Availability.isAvailable(d)).isFalse();
    }

    @Test
    void aPerAppDelayMakesOneAppSlow() {
        cluster.deployments().setDelay("slow", Duration.ofMillis(800));
        Instant t0 = Instant.now();
        create("dc4", "slow", 1, false);
        create("dc4", "quick", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc4", "quick-blue")));
        assertThat(Availability.isAvailable(get("dc4", "slow-blue"))).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc4", "slow-blue")));
        assertThat(Duration.between(t0, Instant.now())).isGreaterThanOrEqualTo(Duration.ofMillis(800));
    }

    @Test
    void recordsTheRequestsClientsMakeButNotTheControllers() {
        cluster.clearRequests();
        create("dc5", "web", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc5", "web-blue")));
        assertThat(cluster.requests()).extracting(ApiRequest::method).contains("POST", "GET");
        assertThat(cluster.requests()).noneMatch(r -> r.resourcePath().endsWith("/status"));
        assertThat(cluster.requests().get(0).body()).contains("r/web:1");
    }

    /** type=status/reason of each condition, in order. */
    private static List<String> conditions(Deployment d) {
        return d.getStatus().getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList();
    }

    @Test
    void reportsAvailableAndProgressingConditionsAsTheDeploymentControllerDoes() {
        create("dc6", "web", 2, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc6", "web-blue")));
        Deployment ready = get("dc6", "web-blue");
        assertThat(conditions(ready)).containsExactly("Available=True/MinimumReplicasAvailable", "Progressing=True/NewReplicaSetAvailable");
        DeploymentCondition progressing = ready.getStatus().getConditions().get(1);
        assertThat(progressing.getMessage()).matches("ReplicaSet \"web-blue-[bcdfghjklmnpqrstvwxz2456789]+\" has successfully progressed\\.");
        assertThat(progressing.getLastUpdateTime()).isNotNull();
        String availableSince = ready.getStatus().getConditions().get(0).getLastTransitionTime();
        assertThat(Instant.parse(availableSince)).isBetween(Instant.now().minusSeconds(30), Instant.now());

        client.apps().deployments().inNamespace("dc6").withName("web-blue").edit(x -> {
            x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("r/web:2");
            return x;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc6", "web-blue")));
        Deployment updated = get("dc6", "web-blue");
        assertThat(updated.getStatus().getConditions().get(0).getLastTransitionTime()).as("still available since").isEqualTo(availableSince);
        assertThat(updated.getStatus().getConditions().get(1).getMessage()).as("the new template's ReplicaSet")
                .isNotEqualTo(progressing.getMessage()).startsWith("ReplicaSet \"web-blue-");
    }

    @Test
    void aDeploymentThatFailsReadinessIsUnavailableAndStillProgressing() {
        create("dc7", "broken", 1, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("dc7", "broken-blue").getStatus() != null
                && get("dc7", "broken-blue").getStatus().getConditions() != null);
        assertThat(conditions(get("dc7", "broken-blue")))
                .containsExactly("Available=False/MinimumReplicasUnavailable", "Progressing=True/ReplicaSetUpdated");
        assertThat(get("dc7", "broken-blue").getStatus().getConditions().get(0).getMessage()).isEqualTo("Deployment does not have minimum availability.");
    }

    @Test
    void aPausedDeploymentIsProgressingUnknown() {
        create("dc8", "web", 1, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> Availability.isAvailable(get("dc8", "web-blue")));
        client.apps().deployments().inNamespace("dc8").withName("web-blue").edit(x -> {
            x.getSpec().setPaused(true);
            x.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("r/web:2");
            return x;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> conditions(get("dc8", "web-blue")).contains("Progressing=Unknown/DeploymentPaused"));
        assertThat(conditions(get("dc8", "web-blue"))).containsExactly("Available=True/MinimumReplicasAvailable", "Progressing=Unknown/DeploymentPaused");
    }
}
