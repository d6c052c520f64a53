package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.route;
import static io.jenkins.plugins.openmaru.engine.EngineHarness.slot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.EngineEnv;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A release runs with exactly the env the engine set for it: nothing carries over from an earlier release
 * in the same slot, a rollback restores the target release's env with its image, and env the template put
 * on the Deployment is never touched.
 */
class ReleaseEnvTest extends ClusterTestBase {
    private static final EnvVar TEMPLATE_TZ = new EnvVar("TZ", "Asia/Seoul", null);

    /** Both slots exist before the first rollout, as the Openmaru template creates them, each with a TZ the engine did not set. */
    @BeforeEach
    void slotsFromTheTemplate() {
        for (Slot s : Slot.values()) {
            Map<String, String> labels = Map.of(SlotWorkloads.APP_LABEL, app.app(), SlotWorkloads.SLOT_LABEL, s.label());
            Deployment d = new DeploymentBuilder()
                    .withNewMetadata().withName(s.resourceName(app.app())).withNamespace(app.namespace()).withLabels(labels).endMetadata()
                    .withNewSpec().withReplicas(0).withNewSelector().withMatchLabels(labels).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                    .withNewSpec().addNewContainer().withName(app.app()).withImage("registry/shop:template").withEnv(TEMPLATE_TZ).endContainer()
                    .endSpec().endTemplate().endSpec().build();
            client.apps().deployments().inNamespace(app.namespace()).resource(d).create();
        }
        EngineHarness.firstRelease(engine, client, app, "registry/shop:1.0");
    }

    @Test
    void aCandidateRunsOnlyItsOwnEnvAndAColdRollbackRestoresImageAndEnv() {
        release("registry/shop:2.0", Map.of("FOO", "1"));
        assertThat(env(Slot.GREEN)).containsExactly(TEMPLATE_TZ, new EnvVar("FOO", "1", null));
        assertThat(annotations(Slot.GREEN)).containsEntry(EngineEnv.ENV_KEYS_ANNOTATION, "FOO");

        release("registry/shop:3.0", Map.of());
        release("registry/shop:4.0", Map.of());
        assertThat(SlotWorkloads.imageOf(slot(client, app, Slot.GREEN))).isEqualTo("registry/shop:4.0");
        assertThat(env(Slot.GREEN)).as("revision 4 reuses revision 2's slot without FOO; the template's TZ stays")
                .containsExactly(TEMPLATE_TZ);
        assertThat(annotations(Slot.GREEN)).doesNotContainKey(EngineEnv.ENV_KEYS_ANNOTATION);

        clock.advance(RolloutSpec.DEFAULT_SCALE_DOWN_DELAY);
        engine.reconcile(app);
        assertThat(SlotWorkloads.replicasOf(slot(client, app, Slot.BLUE))).as("revision 3's slot is cold").isZero();

        Progress p = engine.rollback(app, 2, new Actor("dave", "4.0 needs FOO"));
        assertThat(p.next().kind()).isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(SlotWorkloads.imageOf(slot(client, app, Slot.BLUE))).isEqualTo("registry/shop:2.0");
        assertThat(env(Slot.BLUE)).containsExactly(TEMPLATE_TZ, new EnvVar("FOO", "1", null));
        awaitAvailable(client, app, Slot.BLUE);
        assertThat(engine.reconcile(app).done()).isTrue();
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-blue");

        DeliveryState s = engine.status(app);
        assertThat(s.history()).extracting(Release::revision, Release::env).containsExactly(
                tuple(1, Map.of()), tuple(2, Map.of("FOO", "1")),
                tuple(3, Map.of()), tuple(4, Map.of()),
                tuple(5, Map.of("FOO", "1")));
        assertThat(s.history()).last().extracting(Release::outcome).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(client.configMaps().inNamespace(app.namespace()).withName(StateStore.name(app)).get().getData().get(StateCodec.HISTORY))
                .contains("\"env\" : {\n    \"FOO\" : \"1\"");
    }

    @Test
    void aWarmSlotWhoseEnvDiffersIsNotWarmForTheRollback() {
        release("registry/shop:2.0", Map.of("FOO", "1"));
        // By hand, after the fact: the idle slot (revision 1's) gets an engine-owned FOO it never released with.
        client.apps().deployments().inNamespace(app.namespace()).withName("shop-blue").edit(d -> {
            EngineEnv.set(d.getSpec().getTemplate(), d.getSpec().getTemplate().getSpec().getContainers().get(0), Map.of("FOO", "2"));
            return d;
        });
        awaitAvailable(client, app, Slot.BLUE);

        Progress p = engine.rollback(app, 1, Actor.of("dave"));

        assertThat(p.next().kind()).as("the slot is redeployed with revision 1's env before any switch").isEqualTo(Wait.Kind.AVAILABLE);
        assertThat(env(Slot.BLUE)).containsExactly(TEMPLATE_TZ);
        assertThat(route(client, app).getSpec().getTo().getName()).isEqualTo("shop-green");
    }

    @Test
    void historyWrittenBeforeEnvWasRecordedStillDecodes() {
        String old = "[ {\n  \"revision\" : 1,\n  \"image\" : \"registry/shop:1.0\",\n  \"slot\" : \"BLUE\",\n  \"strategy\" : \"CANARY\",\n"
                + "  \"outcome\" : \"DEPLOYED\",\n  \"at\" : \"2026-01-01T00:00:00Z\",\n  \"actor\" : \"engine\",\n  \"comment\" : \"\",\n"
                + "  \"rolledBackFrom\" : 0\n} ]";
        DeliveryState s = StateCodec.decode(Map.of(StateCodec.ACTIVE_SLOT, "blue", StateCodec.HISTORY, old));
        assertThat(s.history()).singleElement().satisfies(r -> {
            assertThat(r.image()).isEqualTo("registry/shop:1.0");
            assertThat(r.env()).isEmpty();
        });
    }

    private void release(String image, Map<String, String> env) {
        RolloutSpec spec = RolloutSpec.builder(app.namespace(), app.app(), image).env(env)
                .canary(CanaryStep.setWeight(50), CanaryStep.pause()).build();
        engine.start(spec, Actor.of("alice"));
        Slot candidate = engine.status(app).rollout().candidateSlot();
        awaitAvailable(client, app, candidate);
        engine.reconcile(app);
        engine.promote(app, Actor.of("alice"));
        assertThat(engine.status(app).activeSlot()).isEqualTo(candidate);
    }

    private List<EnvVar> env(Slot s) {
        return slot(client, app, s).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    private Map<String, String> annotations(Slot s) {
        Map<String, String> a = slot(client, app, s).getSpec().getTemplate().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }
}
