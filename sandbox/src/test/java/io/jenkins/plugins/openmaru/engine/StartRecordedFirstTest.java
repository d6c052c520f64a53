package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.RollingSpec;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rollout is recorded before its first traffic write. When the candidate's slot is available at once, the start moves
 * traffic in the same operation; a driver killed between that Route write and the state's (ReliabilityMatrixTest saw it,
 * killed at its first weight step) left traffic on a candidate no state named: nothing to resume, and the app's history
 * did not know the release that took traffic.
 */
class StartRecordedFirstTest extends ClusterTestBase {

    @Test
    void theRolloutIsInTheStateBeforeItsFirstWeightReachesTheRoute() throws Exception {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(cluster.config("start-recorded-test")).withMasterUrl(proxy.url()).build())) {
            CompletableFuture<Void> checked = new CompletableFuture<>();
            proxy.rules().add(FaultRule.on("PUT", ".*/routes/shop", new FaultRule.Hold(checked)));
            String routeWrite = "PUT /apis/route.openshift.io/v1/namespaces/" + app.namespace() + "/routes/shop";
            int writesBefore = (int) proxy.requests().stream().filter(routeWrite::equals).count();
            RolloutEngine driver = new RolloutEngine(proxied, EngineConfig.of("driver").withClock(clock));

            // the start's read of the candidate after creating it waits until the slot is available: it then moves traffic at once
            String slot = "/apis/apps/v1/namespaces/" + app.namespace() + "/deployments/shop-green";
            CompletableFuture<Void> available = new CompletableFuture<>();
            AtomicInteger readsBefore = new AtomicInteger();
            CompletableFuture<Void> holding = proxy.received("POST /apis/apps/v1/namespaces/" + app.namespace() + "/deployments", 1).thenRun(() -> {
                readsBefore.set((int) proxy.requests().stream().filter(("GET " + slot)::equals).count());
                proxy.rules().add(FaultRule.on("GET", slot, new FaultRule.Hold(available)));
            });

            CompletableFuture<Progress> start = CompletableFuture.supplyAsync(() -> driver.start(canary(), Actor.of("bob")));
            holding.get(10, TimeUnit.SECONDS);
            proxy.received("GET " + slot, readsBefore.get() + 1).get(10, TimeUnit.SECONDS);
            EngineHarness.awaitAvailable(client, app, Slot.GREEN);
            available.complete(null);
            proxy.received(routeWrite, writesBefore + 1).get(10, TimeUnit.SECONDS);
            DeliveryState whileTheWeightIsOnItsWay = new StateStore(client).load(app).state();
            checked.complete(null);
            start.get(10, TimeUnit.SECONDS);

            assertThat(whileTheWeightIsOnItsWay.inProgress()).as("recorded before the first weight").isTrue();
            assertThat(whileTheWeightIsOnItsWay.rollout().revision()).isEqualTo(2);
            assertThat(whileTheWeightIsOnItsWay.rollout().phase()).isEqualTo(RolloutPhase.PROGRESSING);
            assertThat(engine.status(app).rollout().weight()).as("and the weight after it").isEqualTo(20);
        }
    }

    @Test
    void aRollingUpdateIsInTheStateBeforeItsDeploymentChanges() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(cluster.url());
                KubernetesClient proxied = ClusterClients.create(new ConfigBuilder(cluster.config("start-recorded-test")).withMasterUrl(proxy.url()).build())) {
            CompletableFuture<Void> checked = new CompletableFuture<>();
            proxy.rules().add(FaultRule.on("POST", ".*/deployments", new FaultRule.Hold(checked)));
            RolloutEngine driver = new RolloutEngine(proxied, EngineConfig.of("driver").withClock(clock));

            CompletableFuture<Progress> start = CompletableFuture.supplyAsync(() -> driver.start(
                    RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:1.0").rolling(RollingSpec.defaults()).build(), Actor.of("bob")));
            proxy.received("POST /apis/apps/v1/namespaces/" + app.namespace() + "/deployments", 1).get(10, TimeUnit.SECONDS);
            DeliveryState whileThePodsAreOnTheirWay = new StateStore(client).load(app).state();
            checked.complete(null);
            start.get(10, TimeUnit.SECONDS);

            assertThat(whileThePodsAreOnTheirWay.inProgress()).as("recorded before Deployment shop is written").isTrue();
            assertThat(whileThePodsAreOnTheirWay.rollout().image()).isEqualTo("registry/shop:1.0");
        }
    }

    private RolloutSpec canary() {
        return RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(20), CanaryStep.pause(), CanaryStep.setWeight(100)).build();
    }
}
