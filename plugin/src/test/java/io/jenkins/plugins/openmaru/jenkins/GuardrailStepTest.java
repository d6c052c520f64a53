package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.util.FormValidation;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per cluster: an enforced guardrail fails the step before any write, a warned one is recorded; the notification webhook gets decisions. */
class GuardrailStepTest extends SimulatedClusterTest {

    @Test
    void anEnforcedRuleFailsTheStepNamingRuleObjectAndFieldWithNothingWritten() throws Exception {
        f = new DeliveryFixture(cluster, sim -> {
            sim.setGuardrailMode("enforce");
            sim.setAllowedRegistries("quay.io/acme\nimage-registry.openshift-image-registry.svc:5000");
        }, (id, run) -> null);
        TestStepContext c = context(new FakeBuild("shop", 1), new BuildLog());

        start(canary("docker.io/library/shop:1.0", List.of(Map.of("weight", 100))), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("guardrail allowedRegistries: Deployment shop-blue spec.template.spec.containers[0].image docker.io/library/shop:1.0 "
                        + "must come from one of [quay.io/acme, image-registry.openshift-image-registry.svc:5000] (enforce)")
                .hasMessageContaining("guardrail resourceLimits: Deployment shop-blue spec.template.spec.containers[0].resources.limits.cpu must be set (enforce)");
        assertThat(f.writes()).as("requests that wrote to the namespace: only the audit Event of the refusal")
                .extracting(ApiRequest::resourcePath).containsOnly("/api/v1/namespaces/" + f.namespace + "/events");
    }

    @Test
    void openmaruApplyIsCheckedBeforeItsFirstWriteAndTheTemplatePassesThePodRules() throws Exception {
        f = new DeliveryFixture(cluster, sim -> {
            sim.setGuardrailMode("enforce");
            sim.setAllowedRegistries("quay.io/acme");
        }, (id, run) -> null);
        TestStepContext refused = context(new FakeBuild("shop-infra", 1), new BuildLog());

        start(ApplyTemplateStepTest.openmaruJava(ApplyTemplateStepTest.shop()), refused);

        assertThat(refused.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessage(
                "guardrail allowedRegistries: Deployment shop-blue spec.template.spec.containers[0].image shop:latest must come from one of [quay.io/acme] (enforce)\n"
                + "guardrail allowedRegistries: Deployment shop-green spec.template.spec.containers[0].image shop:latest must come from one of [quay.io/acme] (enforce)");
        assertThat(f.writes()).isEmpty();

        f.close();
        f = new DeliveryFixture(cluster, sim -> sim.setGuardrailMode("enforce"), (id, run) -> null);
        BuildLog log = new BuildLog();
        assertThat(ApplyTemplateStepTest.apply(ApplyTemplateStepTest.openmaruJava(ApplyTemplateStepTest.shop()), log).get("created"))
                .contains("Deployment/shop-blue", "Deployment/shop-green");
        assertThat(log.text()).doesNotContain("guardrail");
    }

    @Test
    void aSourceBuildWhoseBuilderImageIsNotFromAnAllowedRegistryFailsTheStepWithNothingWritten() throws Exception {
        f = new DeliveryFixture(cluster, sim -> {
            sim.setGuardrailMode("enforce");
            sim.setAllowedRegistries("quay.io/acme");
        }, (id, run) -> null);
        TestStepContext c = context(new FakeBuild("shop-build", 1), new BuildLog());

        start(BuildImageStepTest.source("https://git.example.com/team/shop.git"), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessage(
                "guardrail allowedRegistries: BuildConfig shop spec.strategy.sourceStrategy.from image-registry.openshift-image-registry.svc:5000/openshift/"
                + BuildSpec.DEFAULT_BUILDER_IMAGE + " must come from one of [quay.io/acme] (enforce)");
        assertThat(f.writes()).isEmpty();
    }

    @Test
    void anImageImportIsCheckedForRegistryAndDigestAndAWarnedOneRuns() throws Exception {
        f = new DeliveryFixture(cluster, sim -> {
            sim.setGuardrailMode("enforce");
            sim.setAllowedRegistries("quay.io/acme");
            sim.setRequireDigest(true);
        }, (id, run) -> null);
        TestStepContext refused = context(new FakeBuild("shop-build", 1), new BuildLog());

        start(imageBuild("docker.io/library/shop:1.0"), refused);

        assertThat(refused.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessage(
                "guardrail allowedRegistries: ImageStreamImport shop spec.images[0].from.name docker.io/library/shop:1.0 must come from one of [quay.io/acme] (enforce)\n"
                + "guardrail imageDigest: ImageStreamImport shop spec.images[0].from.name docker.io/library/shop:1.0 must be pinned by digest (@sha256:...) (enforce)");
        assertThat(f.writes()).isEmpty();

        f.close();
        f = new DeliveryFixture(cluster, sim -> {
            sim.setGuardrailMode("warn");
            sim.setAllowedRegistries("quay.io/acme");
            sim.setRequireDigest(true);
        }, (id, run) -> null);
        BuildLog log = new BuildLog();
        TestStepContext warned = context(new FakeBuild("shop-build", 2), log);

        start(imageBuild("quay.io/acme/shop:1.0"), warned);

        assertThat(warned.awaitSuccess(TIMEOUT).toString()).startsWith("quay.io/acme/shop@sha256:");
        assertThat(log.text()).contains("[openmaru] guardrail imageDigest: ImageStreamImport shop spec.images[0].from.name quay.io/acme/shop:1.0 "
                + "must be pinned by digest (@sha256:...) (warn)").doesNotContain("allowedRegistries");
    }

    private static BuildImageStep imageBuild(String image) {
        BuildImageStep s = new BuildImageStep("shop", "image");
        s.setImage(image);
        return s;
    }

    @Test
    void aWarnedRuleLetsTheRolloutRunAndIsRecordedInItsHistory() throws Exception {
        f = new DeliveryFixture(cluster, sim -> {
            sim.setGuardrailMode("warn");
            sim.setRequireDigest(true);
        }, (id, run) -> null);

        f.firstRelease("quay.io/acme/shop:1.0");

        assertThat(f.state().rollout().events()).filteredOn(e -> e.action().equals("guardrail")).extracting(RolloutEvent::detail)
                .contains("guardrail imageDigest: Deployment shop-blue spec.template.spec.containers[0].image quay.io/acme/shop:1.0 "
                        + "must be pinned by digest (@sha256:...) (warn)");
    }

    @Test
    void theClustersNotificationWebhookReceivesThePromotion() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/services/T1/B1/s3cret", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/services/T1/B1/s3cret";
            f = new DeliveryFixture(cluster, sim -> sim.setNotificationCredentialsId("slack"),
                    (id, run) -> id.equals("slack") ? new TestCredentials.Token(url) : null);
            f.firstRelease("registry/shop:1.0");
            TestStepContext c = context(new FakeBuild("shop", 2), new BuildLog());

            start(canary("registry/shop:2.0", List.of(Map.of("weight", 100))), c);
            c.awaitSuccess(TIMEOUT);

            assertThat(received).singleElement().asString().startsWith("{\"text\":\"Promoted " + f.namespace + "/shop revision 2: ")
                    .contains("\"reason\":\"Promoted\"", "\"app\":\"shop\"");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aNotificationCredentialThatIsNotSecretTextFailsTheStepNamingTheField() throws Exception {
        f = new DeliveryFixture(cluster, sim -> sim.setNotificationCredentialsId("nope"), (id, run) -> null);
        TestStepContext c = context(new FakeBuild("shop", 1), new BuildLog());

        start(canary("registry/shop:1.0", List.of(Map.of("weight", 100))), c);

        assertThat(c.awaitFailure(TIMEOUT)).hasMessageStartingWith("notificationCredentialsId: nope is not allowed; expected a Secret text credential");
        assertThat(f.writes()).isEmpty();
    }

    @Test
    void badGuardrailSettingsNameTheFieldInTheFormAndTheConfiguration() {
        DeliveryCluster.DescriptorImpl d = new DeliveryCluster.DescriptorImpl();

        assertThat(d.doCheckGuardrailMode("strict").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckGuardrailMode("warn").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckAllowedRegistries("quay.io/acme, https://docker.io").getMessage())
                .isEqualTo("allowedRegistries[1]: https://docker.io is not allowed; expected a registry host[:port][/path] such as "
                        + "image-registry.openshift-image-registry.svc:5000 or quay.io/acme");
        assertThatThrownBy(() -> new DeliveryCluster("east").setGuardrailMode("strict")).isInstanceOf(ValidationException.class)
                .hasMessage("guardrailMode: strict is not allowed; expected enforce, warn or off");
    }
}
