package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.gate.GateTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class ReadinessGateTest {

    private static final Instant STEP_STARTED = Instant.parse("2026-01-01T12:00:00Z");

    KubernetesClient client;

    @Test
    void passesWhenAllReplicasAreAvailableAndNothingRestarted() {
        deployment("shop-green", 3, 3);
        pod("shop-green-a", "green", 0, null);
        pod("shop-blue-a", "blue", 4, "2026-01-01T12:00:30Z");
        GateResult r = measure(GateSpec.readiness());
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.evidence()).isEqualTo("Deployment shop-prod/shop-green: 3 of 3 replicas available; "
                + "0 container(s) restarted since the step began at 2026-01-01T12:00:00Z (max 0)");
    }

    @Test
    void failsWhileReplicasAreMissing() {
        deployment("shop-green", 3, 2);
        GateResult r = measure(GateSpec.readiness());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).startsWith("Deployment shop-prod/shop-green: 2 of 3 replicas available");
    }

    @Test
    void failsOnARestartSinceTheStepBeganOnly() {
        deployment("shop-green", 2, 2);
        pod("shop-green-old", "green", 2, "2026-01-01T11:30:00Z");
        pod("shop-green-new", "green", 1, "2026-01-01T12:00:05Z");
        GateResult r = measure(GateSpec.readiness());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).endsWith("1 container(s) restarted since the step began at 2026-01-01T12:00:00Z (max 0): "
                + "shop-green-new/app (restartCount 1, last exit 137 at 2026-01-01T12:00:05Z)");
        assertThat(measure(new GateSpec("readiness", Map.of("maxRestarts", "1"))).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aMissingDeploymentFails() {
        GateResult r = measure(GateSpec.readiness());
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.evidence()).isEqualTo("Deployment shop-prod/shop-green does not exist");
    }

    private GateResult measure(GateSpec spec) {
        GateContext context = GateContext.builder().client(client).namespace("shop-prod").app("shop").stableSlot("blue")
                .candidateSlot("green").candidateImage("shop:2").stepStartedAt(STEP_STARTED).build();
        return factory(null, null).apply(spec).evaluate(context);
    }

    private void deployment(String name, int replicas, int available) {
        client.apps().deployments().inNamespace("shop-prod").resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(replicas).withAvailableReplicas(available).withReadyReplicas(available).endStatus()
                .build()).create();
    }

    private void pod(String name, String slot, int restarts, String lastFinished) {
        ContainerStatusBuilder status = new ContainerStatusBuilder().withName("app").withRestartCount(restarts).withReady(true);
        if (lastFinished != null) {
            status.withNewLastState().withNewTerminated().withExitCode(137).withFinishedAt(lastFinished).endTerminated().endLastState();
        }
        client.pods().inNamespace("shop-prod").resource(new PodBuilder()
                .withNewMetadata().withName(name)
                .withLabels(Map.of("delivery.openmaru.io/app", "shop", "delivery.openmaru.io/slot", slot)).endMetadata()
                .withNewStatus().withContainerStatuses(status.build()).endStatus()
                .build()).create();
    }
}
