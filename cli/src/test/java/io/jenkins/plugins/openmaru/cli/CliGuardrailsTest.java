package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Guardrail options and the namespace ConfigMap: a refused rollout exits 2 having written nothing, and plan lists what would break. */
class CliGuardrailsTest {
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    private static void namespacePolicy(String ns, String mode, String registries) {
        cli.sandbox.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("openmaru-guardrails")
                .endMetadata().addToData("mode", mode).addToData("allowedRegistries", registries).build()).create();
    }

    /** A fresh namespace whose ConfigMap enforces quay.io/acme, with the requests so far forgotten. */
    private static String enforcingNamespace() {
        String ns = CliHarness.freshNamespace();
        namespacePolicy(ns, "enforce", "quay.io/acme");
        cli.sandbox.cluster().clearRequests();
        return ns;
    }

    /** Writes other than the audit Event a refusal leaves. */
    private static List<ApiRequest> writes() {
        return cli.sandbox.cluster().requests().stream().filter(ApiRequest::mutating).filter(r -> !r.resourcePath().endsWith("/events")).toList();
    }

    @Test
    void anEnforcedRuleRefusesTheRolloutWithExit2AndNoWrite() {
        String ns = CliHarness.freshNamespace();
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = cli.run("-n", ns, "canary", "shop", "--image", "docker.io/library/nginx:1.25",
                "--guardrail-mode", "enforce", "--allowed-registries", "quay.io/acme");

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("guardrail allowedRegistries: Deployment shop-blue spec.template.spec.containers[0].image "
                + "docker.io/library/nginx:1.25 must come from one of [quay.io/acme] (enforce)")
                .contains("guardrail runAsNonRoot: Deployment shop-blue spec.template.spec.containers[0].securityContext.runAsNonRoot must be true (enforce)");
        assertThat(writes()).as("requests that wrote").isEmpty();
    }

    @Test
    void warnModeFromTheOptionOverridesTheNamespacesEnforceAndTheRolloutRuns() {
        String ns = CliHarness.freshNamespace();
        namespacePolicy(ns, "enforce", "quay.io/acme");

        CliHarness.Run refused = cli.run("-n", ns, "canary", "shop", "--image", "docker.io/library/nginx:1.25", "--detach");
        CliHarness.Run warned = cli.run("-n", ns, "canary", "shop", "--image", "docker.io/library/nginx:1.25", "--detach", "--guardrail-mode", "warn");

        assertThat(refused.exit()).as("the namespace ConfigMap enforces").isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("guardrail allowedRegistries: Deployment shop-blue");
        assertThat(warned.exit()).as(warned.err()).isZero();
        assertThat(warned.unwrappedOut()).as("the rollout's narration").contains("guardrail allowedRegistries: Deployment shop-blue spec.template.spec.containers[0].image "
                + "docker.io/library/nginx:1.25 must come from one of [quay.io/acme] (warn)");
    }

    @Test
    void planListsWhatTheRolloutWouldBreakAndWritesNothing() {
        String ns = enforcingNamespace();

        CliHarness.Run run = cli.run("-n", ns, "plan", "shop", "--image", "quay.io/acme/shop:2.0", "--require-digest", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> listed = new ArrayList<>();
        run.json().get("guardrails").forEach(v -> listed.add(v.get("rule").asText() + " " + v.get("field").asText() + " " + v.get("mode").asText()));
        assertThat(listed).contains("imageDigest spec.template.spec.containers[0].image enforce",
                "runAsNonRoot spec.template.spec.containers[0].securityContext.runAsNonRoot enforce",
                "livenessProbe spec.template.spec.containers[0].livenessProbe enforce")
                .noneMatch(l -> l.startsWith("allowedRegistries"));
        assertThat(writes()).isEmpty();

        CliHarness.Run text = cli.run("-n", ns, "plan", "shop", "--image", "quay.io/acme/shop:2.0", "--guardrail-mode", "off");
        assertThat(text.out()).contains("Guardrails: none broken");
    }

    @Test
    void applyChecksTheTemplatesDeploymentsBeforeItsFirstWrite() {
        String ns = CliHarness.freshNamespace();
        String[] template = {"-n", ns, "apply", "--template", "openmaru-java", "-p", "APPLICATION_NAME=shop",
                "-p", "SOURCE_REPOSITORY_URL=https://git.example.com/shop.git", "--guardrail-mode", "enforce"};
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run refused = cli.run(Stream.concat(Stream.of(template), Stream.of("--allowed-registries", "quay.io/acme")).toArray(String[]::new));

        assertThat(refused.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("guardrail allowedRegistries: Deployment shop-blue spec.template.spec.containers[0].image shop:latest "
                + "must come from one of [quay.io/acme] (enforce)").doesNotContain("runAsNonRoot");
        assertThat(writes()).isEmpty();

        CliHarness.Run passed = cli.run(template);
        assertThat(passed.exit()).as("the template meets every pod rule: " + passed.err()).isZero();
        assertThat(passed.err()).doesNotContain("guardrail");
        assertThat(cli.sandbox.client().apps().deployments().inNamespace(ns).withName("shop-green").get()).isNotNull();
    }

    @Test
    void aBuildIsCheckedBeforeItsFirstWrite() {
        String ns = enforcingNamespace();

        CliHarness.Run image = cli.run("-n", ns, "build", "shop", "--mode", "image", "--image", "docker.io/library/shop:1.0", "--require-digest");
        CliHarness.Run source = cli.run("-n", ns, "build", "shop", "--mode", "source", "--git-url", "https://git.example.com/team/shop.git");

        assertThat(image.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(image.out()).isEmpty();
        assertThat(image.err()).contains("guardrail allowedRegistries: ImageStreamImport shop spec.images[0].from.name docker.io/library/shop:1.0 "
                + "must come from one of [quay.io/acme] (enforce)")
                .contains("guardrail imageDigest: ImageStreamImport shop spec.images[0].from.name docker.io/library/shop:1.0 "
                + "must be pinned by digest (@sha256:...) (enforce)");
        assertThat(source.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(source.err()).contains("guardrail allowedRegistries: BuildConfig shop spec.strategy.sourceStrategy.from "
                + "image-registry.openshift-image-registry.svc:5000/openshift/" + BuildSpec.DEFAULT_BUILDER_IMAGE + " must come from one of [quay.io/acme] (enforce)");
        assertThat(writes()).as("requests that wrote").isEmpty();

        CliHarness.Run allowed = cli.run("-n", ns, "build", "shop", "--mode", "source", "--git-url", "https://git.example.com/team/shop.git",
                "--allowed-registries", "image-registry.openshift-image-registry.svc:5000/openshift");
        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(allowed.err()).doesNotContain("guardrail");
    }

    @Test
    void aWarnedBuildRunsAndPrintsTheWarning() {
        String ns = CliHarness.freshNamespace();
        namespacePolicy(ns, "warn", "quay.io/acme");

        CliHarness.Run run = cli.run("-n", ns, "build", "shop", "--mode", "image", "--image", "docker.io/library/shop:1.0");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("docker.io/library/shop@sha256:");
        assertThat(run.err()).contains("openmaru: guardrail allowedRegistries: ImageStreamImport shop spec.images[0].from.name docker.io/library/shop:1.0 "
                + "must come from one of [quay.io/acme] (warn)");
    }

    @Test
    void aBadGuardrailOptionIsBadInputNamingTheOption() {
        CliHarness.Run run = cli.run("-n", CliHarness.freshNamespace(), "canary", "shop", "--image", "quay.io/acme/shop:1", "--guardrail-mode", "strict");

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("guardrailMode: strict is not allowed; expected enforce, warn or off");
    }
}
