package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.traffic.TrafficRouterFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConcurrencyTest extends ClusterTestBase {

    @BeforeEach
    void firstRelease() {
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    private RolloutSpec canary(String image) {
        return RolloutSpec.builder(app.namespace(), app.app(), image).canary(CanaryStep.setWeight(10), CanaryStep.pause()).build();
    }

    @Test
    void twoEnginesRacingForOneAppOneWinsAndTheLoserIsToldWhoHoldsIt() throws Exception {
        RolloutEngine jenkins = new RolloutEngine(cluster.newClient(), EngineConfig.of("jenkins:shop#7").withClock(clock));
        RolloutEngine cli = new RolloutEngine(cluster.newClient(), EngineConfig.of("cli:alice@laptop").withClock(clock));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Progress>> results = new ArrayList<>();
        try {
            results.add(pool.submit(() -> {
                go.await();
                return jenkins.start(canary("registry/shop:2.0"), Actor.of("jenkins"));
            }));
            results.add(pool.submit(() -> {
                go.await();
                return cli.start(canary("registry/shop:3.0"), Actor.of("alice"));
            }));
            go.countDown();
            List<Throwable> failures = new ArrayList<>();
            int successes = 0;
            for (Future<Progress> f : results) {
                try {
                    f.get(20, TimeUnit.SECONDS);
                    successes++;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(successes).isEqualTo(1);
            assertThat(failures).hasSize(1);
            String winner = engine.leaseHolder(app).orElseThrow().identity();
            assertThat(failures.get(0)).isInstanceOf(LeaseHeldException.class).hasMessageContaining(winner).hasMessageContaining("since");
            String winnerImage = winner.startsWith("jenkins") ? "registry/shop:2.0" : "registry/shop:3.0";
            assertThat(engine.status(app).rollout().image()).isEqualTo(winnerImage);
            assertThat(engine.status(app).rollout().driver()).isEqualTo(winner);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherDriverCannotReconcileWhileTheLeaseIsHeldButCanTakeOverOnceItExpires() {
        engine.start(canary("registry/shop:2.0"), Actor.of("alice"));
        RolloutEngine other = new RolloutEngine(cluster.newClient(), EngineConfig.of("cli:bob").withClock(clock));
        assertThatThrownBy(() -> other.reconcile(app)).isInstanceOf(LeaseHeldException.class)
                .hasMessageContaining("test-engine").satisfies(e -> assertThat(((LeaseHeldException) e).holder()).isEqualTo("test-engine"));

        clock.advance(EngineConfig.DEFAULT_LEASE_DURATION.plusSeconds(1));
        awaitAvailable(client, app, Slot.GREEN);
        Progress p = other.reconcile(app);
        assertThat(p.state().rollout().weight()).isEqualTo(10);
        assertThat(other.leaseHolder(app).orElseThrow().identity()).isEqualTo("cli:bob");
    }

    @Test
    void aStaleResourceVersionIsRefusedByTheStore() {
        StateStore store = new StateStore(client);
        StateStore.Snapshot read = store.load(app);
        ConfigMap cm = client.configMaps().inNamespace(app.namespace()).withName(StateStore.name(app)).get();
        cm.getData().put("note", "edited by someone else");
        client.configMaps().inNamespace(app.namespace()).resource(cm).update();

        DeliveryState changed = read.state().withActiveSlot(Slot.GREEN);
        assertThatThrownBy(() -> store.save(app, changed, read.resourceVersion()))
                .isInstanceOf(StaleStateException.class).hasMessageContaining(read.resourceVersion());
        assertThat(engine.status(app).activeSlot()).as("the stale write changed nothing").isEqualTo(Slot.BLUE);
    }

    @Test
    void whenAnAbortCommitsWhileTheDriverWritesAWeightTheDriverRetriesAndPutsTrafficBackOnStable() {
        RolloutEngine other = new RolloutEngine(cluster.newClient(), EngineConfig.of("ui:carol").withClock(clock));
        AtomicBoolean raced = new AtomicBoolean();
        // The abort lands between the driver's read of the state and its Route write.
        TrafficRouterFactory racing = (c, a) -> new WriteTrackingRouter(TrafficRouterFactory.OPENSHIFT_ROUTE.create(c, a), () -> {
            if (raced.compareAndSet(false, true)) {
                other.abort(app, new Actor("carol", "stop"));
            }
        });
        RolloutEngine driver = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withRouters(racing));
        driver.start(canary("registry/shop:2.0"), Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);

        Progress p = driver.reconcile(app);

        assertThat(raced).isTrue();
        assertThat(p.done()).isTrue();
        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(route(client, app).getSpec().getAlternateBackends()).as("the driver's late 10 % was undone").isEmpty();
    }
}
