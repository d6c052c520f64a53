package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.image.ResourceApplier;
import io.jenkins.plugins.openmaru.image.TemplateDocument;
import io.jenkins.plugins.openmaru.image.TemplateProcessor;
import io.jenkins.plugins.openmaru.engine.audit.AuditTrail;
import io.jenkins.plugins.openmaru.engine.guardrail.NamespacePolicy;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.GuardrailRefusedException;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guardrails are checked on the pod template a rollout would deploy, before its first write: the Openmaru template's
 * slot passes every rule, and each rule broken on it refuses the start (enforce, audited as an Event) or is recorded (warn).
 */
class GuardrailsAtStartTest extends ClusterTestBase {
    private static final String INTERNAL = "image-registry.openshift-image-registry.svc:5000";
    private static final String PINNED = INTERNAL + "/shop/shop@sha256:" + "a".repeat(64);
    private static final GuardrailPolicy ENFORCE = GuardrailPolicy.parse("enforce", INTERNAL, "true");

    @BeforeEach
    void templateSlotsAndFirstRelease() {
        List<HasMetadata> objects = new TemplateProcessor().process(TemplateDocument.openmaruJava(), new TemplateParameters(Map.of(
                "APPLICATION_NAME", app.app(), "SOURCE_REPOSITORY_URL", "https://git.example.com/shop.git"))).objects();
        new ResourceApplier(client).apply(app.namespace(), objects);
        EngineHarness.firstRelease(engine, client, app, INTERNAL + "/shop/shop@sha256:" + "b".repeat(64));
    }

    private RolloutEngine guarded(GuardrailPolicy policy) {
        return new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withGuardrails(policy));
    }

    private RolloutSpec blueGreen(String image) {
        return RolloutSpec.builder(app.namespace(), app.app(), image).strategy(BlueGreenSpec.defaults()).build();
    }

    private void editGreen(Consumer<PodSpec> change) {
        client.apps().deployments().inNamespace(app.namespace()).withName("shop-green").edit(d -> {
            change.accept(d.getSpec().getTemplate().getSpec());
            return d;
        });
    }

    private static Container app(PodSpec p) {
        return p.getContainers().get(0);
    }

    @Test
    void theOpenmaruTemplateSlotWithAPinnedInternalImagePassesEveryRule() {
        Progress p = guarded(ENFORCE).start(blueGreen(PINNED), Actor.of("alice"));

        assertThat(p.state().rollout().image()).isEqualTo(PINNED);
        assertThat(p.state().rollout().events()).extracting(RolloutEvent::action).doesNotContain("guardrail");
        Deployment green = EngineHarness.slot(client, app, Slot.GREEN);
        assertThat(green.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(PINNED);
    }

    static Stream<Arguments> brokenRules() {
        String c = "spec.template.spec.containers[0]";
        return Stream.of(
                Arguments.of("runAsNonRoot", (Consumer<PodSpec>) p -> app(p).getSecurityContext().setRunAsNonRoot(false),
                        c + ".securityContext.runAsNonRoot must be true"),
                Arguments.of("privileged", (Consumer<PodSpec>) p -> app(p).getSecurityContext().setPrivileged(true),
                        c + ".securityContext.privileged must not be true"),
                Arguments.of("allowPrivilegeEscalation", (Consumer<PodSpec>) p -> app(p).getSecurityContext().setAllowPrivilegeEscalation(null),
                        c + ".securityContext.allowPrivilegeEscalation must be false"),
                Arguments.of("dropCapabilities", (Consumer<PodSpec>) p -> app(p).getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW")),
                        c + ".securityContext.capabilities.drop must contain ALL"),
                Arguments.of("hostPath", (Consumer<PodSpec>) p -> p.setVolumes(List.of(new VolumeBuilder().withName("docker")
                        .withNewHostPath().withPath("/var/run/docker.sock").endHostPath().build())), "spec.template.spec.volumes[0].hostPath must not be set"),
                Arguments.of("hostNetwork", (Consumer<PodSpec>) p -> p.setHostNetwork(true), "spec.template.spec.hostNetwork must not be true"),
                Arguments.of("resourceLimits", (Consumer<PodSpec>) p -> app(p).getResources().setLimits(Map.of("cpu", new Quantity("1"))),
                        c + ".resources.limits.memory must be set"),
                Arguments.of("readinessProbe", (Consumer<PodSpec>) p -> app(p).setReadinessProbe(null), c + ".readinessProbe must be set"),
                Arguments.of("livenessProbe", (Consumer<PodSpec>) p -> app(p).setLivenessProbe(null), c + ".livenessProbe must be set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void aBrokenPodRuleRefusesTheStartBeforeAnyWrite(String rule, Consumer<PodSpec> breakIt, String fieldAndRequirement) {
        editGreen(breakIt);
        cluster.clearRequests();

        assertThatThrownBy(() -> guarded(ENFORCE).start(blueGreen(PINNED), Actor.of("alice")))
                .isInstanceOf(GuardrailRefusedException.class)
                .hasMessage("guardrail " + rule + ": Deployment shop-green " + fieldAndRequirement + " (enforce)");
        assertNothingWritten();
    }

    @Test
    void anImageFromDockerHubIsRefusedWhenOnlyTheInternalRegistryIsAllowed() {
        cluster.clearRequests();

        assertThatThrownBy(() -> guarded(ENFORCE).start(blueGreen("docker.io/library/nginx@sha256:" + "c".repeat(64)), Actor.of("alice")))
                .isInstanceOf(GuardrailRefusedException.class)
                .hasMessage("guardrail allowedRegistries: Deployment shop-green spec.template.spec.containers[0].image docker.io/library/nginx@sha256:"
                        + "c".repeat(64) + " must come from one of [" + INTERNAL + "] (enforce)");
        assertThatThrownBy(() -> guarded(ENFORCE).start(blueGreen("nginx:1.25"), Actor.of("alice")))
                .as("an image without a registry host is Docker Hub's").hasMessageContaining("guardrail allowedRegistries:");
        assertNothingWritten();
    }

    @Test
    void aTaggedImageIsRefusedWhenTheDigestIsRequired() {
        cluster.clearRequests();

        assertThatThrownBy(() -> guarded(ENFORCE).start(blueGreen(INTERNAL + "/shop/shop:2.0"), Actor.of("alice")))
                .hasMessage("guardrail imageDigest: Deployment shop-green spec.template.spec.containers[0].image " + INTERNAL
                        + "/shop/shop:2.0 must be pinned by digest (@sha256:...) (enforce)");
        assertNothingWritten();

        Progress p = guarded(GuardrailPolicy.parse("enforce", INTERNAL, "false")).start(blueGreen(INTERNAL + "/shop/shop:2.0"), Actor.of("alice"));
        assertThat(p.state().rollout().image()).as("the same tag when the policy does not ask for a digest").isEqualTo(INTERNAL + "/shop/shop:2.0");
    }

    @Test
    void warnModeStartsTheRolloutAndRecordsEachBrokenRule() {
        editGreen(p -> app(p).setLivenessProbe(null));

        Progress p = guarded(GuardrailPolicy.parse("warn", INTERNAL, null)).start(blueGreen("quay.io/acme/shop:2.0"), Actor.of("alice"));

        assertThat(p.state().rollout().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(p.state().rollout().events()).filteredOn(e -> e.action().equals("guardrail")).extracting(RolloutEvent::detail).containsExactly(
                "guardrail allowedRegistries: Deployment shop-green spec.template.spec.containers[0].image quay.io/acme/shop:2.0 must come from one of ["
                        + INTERNAL + "] (warn)",
                "guardrail livenessProbe: Deployment shop-green spec.template.spec.containers[0].livenessProbe must be set (warn)");
    }

    @Test
    void theNamespaceConfigMapSetsWhatTheEngineLeavesUnset() {
        client.configMaps().inNamespace(app.namespace()).resource(new ConfigMapBuilder().withNewMetadata().withName(NamespacePolicy.CONFIG_MAP)
                .endMetadata().addToData("mode", "enforce").addToData("allowedRegistries", "quay.io/acme, " + INTERNAL).build()).create();
        editGreen(p -> p.setHostNetwork(true));
        cluster.clearRequests();

        assertThatThrownBy(() -> engine.start(blueGreen("quay.io/acme/shop:2.0"), Actor.of("alice")))
                .hasMessage("guardrail hostNetwork: Deployment shop-green spec.template.spec.hostNetwork must not be true (enforce)");
        assertNothingWritten();

        Progress p = guarded(GuardrailPolicy.parse("warn", null, null)).start(blueGreen("quay.io/acme/shop:2.0"), Actor.of("alice"));
        assertThat(p.state().rollout().phase()).as("the engine's own mode wins over the ConfigMap's").isEqualTo(RolloutPhase.PROGRESSING);
    }

    @Test
    void aSlotTheEngineWouldCreateHasNoSecurityContextAndIsRefused() {
        client.apps().deployments().inNamespace(app.namespace()).withName("shop-green").delete();
        client.apps().deployments().inNamespace(app.namespace()).withName("shop-green").waitUntilCondition(d -> d == null, 5, java.util.concurrent.TimeUnit.SECONDS);
        cluster.clearRequests();

        assertThatThrownBy(() -> guarded(ENFORCE).start(blueGreen(PINNED), Actor.of("alice")))
                .isInstanceOf(GuardrailRefusedException.class)
                .hasMessageStartingWith("guardrail runAsNonRoot: Deployment shop-green spec.template.spec.containers[0].securityContext.runAsNonRoot must be true (enforce)\n")
                .hasMessageContaining("guardrail readinessProbe:");
        assertNothingWritten();
    }

    @Test
    void aBadNamespacePolicyIsBadInputNamingTheConfigMapKey() {
        client.configMaps().inNamespace(app.namespace()).resource(new ConfigMapBuilder().withNewMetadata().withName(NamespacePolicy.CONFIG_MAP)
                .endMetadata().addToData("mode", "strict").build()).create();

        assertThatThrownBy(() -> engine.start(blueGreen(PINNED), Actor.of("alice")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("ConfigMap " + app.namespace() + "/openmaru-guardrails.guardrailMode: strict is not allowed; expected enforce, warn or off");
    }

    /** Nothing but the audit Event of the refusal, which names the broken rules. */
    private void assertNothingWritten() {
        assertThat(cluster.requests()).as("requests the refused start made").filteredOn(ApiRequest::mutating)
                .extracting(ApiRequest::resourcePath).isNotEmpty().allMatch(p -> p.startsWith("/api/v1/namespaces/" + app.namespace() + "/events"));
        assertThat(engine.status(app).rollout().phase()).as("the first release's rollout is still the last").isEqualTo(RolloutPhase.PROMOTED);
        Event refused = client.v1().events().inNamespace(app.namespace()).withName(AuditTrail.name(app, 2, "GuardrailRefused")).get();
        assertThat(refused.getType()).isEqualTo("Warning");
        assertThat(refused.getInvolvedObject().getName()).isEqualTo("shop-delivery");
        assertThat(refused.getMessage()).startsWith("guardrail ").endsWith("(actor: alice)");
    }
}
