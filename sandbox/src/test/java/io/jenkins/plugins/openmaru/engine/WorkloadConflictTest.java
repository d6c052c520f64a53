package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import org.junit.jupiter.api.Test;

/** A slot's Deployment whose create is answered 409 Conflict, as the API server answers it, through the engine. */
class WorkloadConflictTest extends ClusterTestBase {

    @Test
    void aConflictOnCreateWithNoDeploymentThereSaysSoNotNotFound() {
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(cluster.config("conflict-test")).withMasterUrl(proxy.url()).build())) {
            proxy.rules().add(FaultRule.on("POST", ".*/deployments", FaultRule.answer(409)));
            RolloutEngine engine = new RolloutEngine(proxied, EngineConfig.of("test-engine").withClock(clock));
            RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").canary(CanaryStep.setWeight(100)).build();

            KubernetesClientException e = catchThrowableOfType(() -> engine.start(spec, Actor.of("test")), KubernetesClientException.class);

            assertThat(proxy.rules().hits(0)).isEqualTo(1);
            assertThat(e.getCode()).isEqualTo(409);
            assertThat(e.getMessage()).startsWith("creating Deployment " + app.namespace() + "/shop-blue was answered 409 Conflict, "
                    + "but there is no such Deployment to update").doesNotContain("404").doesNotContain("not found");
            assertThat(client.apps().deployments().inNamespace(app.namespace()).withName("shop-blue").get()).isNull();
        }
    }
}
