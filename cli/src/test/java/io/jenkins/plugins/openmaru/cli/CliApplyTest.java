package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code openmaru apply} end to end against a sandbox in this JVM: objects in the API server, idempotence, parameter errors, dry run. */
class CliApplyTest {
    static final String[] SHOP = {"-p", "APPLICATION_NAME=shop", "-p", "SOURCE_REPOSITORY_URL=https://git.example.com/team/shop.git",
            "-p", "WEBHOOK_SECRET=fixed-so-that-a-second-apply-is-identical"};
    @RegisterExtension
    static final CliHarness cli = new CliHarness();
    String ns;

    @TempDir
    Path tmp;

    @BeforeEach
    void freshNamespace() {
        ns = CliHarness.freshNamespace();
        cli.sandbox.cluster().clearRequests();
    }

    private CliHarness.Run apply(String... args) {
        return cli.run(Stream.concat(Stream.of("-n", ns, "apply"), Stream.of(args)).toArray(String[]::new));
    }

    private List<String> mutatingRequests() {
        return cli.sandbox.cluster().requests().stream().map(ApiRequest::method)
                .filter(m -> List.of("POST", "PUT", "PATCH", "DELETE").contains(m)).toList();
    }

    /** Each object of the openmaru-java template for app shop, as the API server holds it (null when absent). */
    private Map<String, HasMetadata> shopObjects() {
        OpenShiftClient c = cli.sandbox.client().adapt(OpenShiftClient.class);
        return Stream.of(c.imageStreams().inNamespace(ns).withName("shop").get(), c.buildConfigs().inNamespace(ns).withName("shop").get(),
                        c.configMaps().inNamespace(ns).withName("shop-config").get(),
                        c.apps().deployments().inNamespace(ns).withName("shop-blue").get(), c.apps().deployments().inNamespace(ns).withName("shop-green").get(),
                        c.services().inNamespace(ns).withName("shop-blue").get(), c.services().inNamespace(ns).withName("shop-green").get(),
                        c.routes().inNamespace(ns).withName("shop").get(),
                        c.network().networkPolicies().inNamespace(ns).withName("shop-ingress").get())
                .filter(Objects::nonNull)
                .collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(), o -> o));
    }

    @Test
    void theBuiltInTemplateCreatesEveryObjectAndASecondApplyChangesNothing() {
        CliHarness.Run first = apply(Stream.concat(Stream.of("--template", "openmaru-java"), Stream.of(SHOP)).toArray(String[]::new));

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("ImageStream/shop created", "BuildConfig/shop created", "ConfigMap/shop-config created",
                "Deployment/shop-blue created", "Deployment/shop-green created", "Service/shop-blue created", "Service/shop-green created",
                "Route/shop created", "NetworkPolicy/shop-ingress created", "NetworkPolicy/shop-egress created",
                "ServiceAccount/shop-deployer created", "Role/shop-deployer created", "RoleBinding/shop-deployer created",
                "13 objects from template openmaru-java in " + ns + ": 13 created, 0 updated, 0 unchanged.");
        Map<String, HasMetadata> created = shopObjects();
        assertThat(created).hasSize(9);
        assertThat(created.get("Route/shop").getMetadata().getLabels()).containsEntry("template", "openmaru-java");
        assertThat(mutatingRequests()).containsOnly("POST").hasSize(13);
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run second = apply(Stream.concat(Stream.of("--template", "openmaru-java", "-o", "json"), Stream.of(SHOP)).toArray(String[]::new));

        assertThat(second.exit()).as(second.err()).isZero();
        JsonNode doc = second.json();
        assertThat(doc.get("template").asText()).isEqualTo("openmaru-java");
        assertThat(doc.get("namespace").asText()).isEqualTo(ns);
        assertThat(doc.get("dryRun").asBoolean()).isFalse();
        assertThat(doc.get("objects")).hasSize(13).allSatisfy(o -> assertThat(o.get("change").asText()).isEqualTo("unchanged"));
        // The simulated controllers keep writing Deployment status; what counts is that the CLI wrote nothing.
        assertThat(mutatingRequests()).isEmpty();
    }

    @Test
    void unknownAndMissingParametersExitTwoListingThemAllBeforeAnyWrite() {
        CliHarness.Run run = apply("--template", "openmaru-java", "-p", "APP_NAME=shop", "-p", "MEMORY_LIMIT=1Gi");

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("openmaru: parameters: unknown [APP_NAME] (template openmaru-java declares [APPLICATION_NAME, HOSTNAME_HTTP")
                .contains("required but not given [APPLICATION_NAME, SOURCE_REPOSITORY_URL]")
                .doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
        assertThat(mutatingRequests()).isEmpty();
        assertThat(shopObjects()).isEmpty();
    }

    @Test
    void dryRunListsTheProcessedObjectsAndWritesNothing() {
        CliHarness.Run run = apply(Stream.concat(Stream.of("--template", "openmaru-java", "--dry-run"), Stream.of(SHOP)).toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ImageStream/shop\n", "Deployment/shop-green\n", "NetworkPolicy/shop-ingress\n",
                "13 objects from template openmaru-java; dry run: nothing was written.");
        assertThat(run.out()).doesNotContain("fixed-so-that-a-second-apply-is-identical");
        assertThat(run.err()).doesNotContain("note:");
        assertThat(cli.sandbox.cluster().requests()).isEmpty();
        assertThat(shopObjects()).isEmpty();
    }

    @Test
    void aParameterGeneratedBecauseItWasNotGivenIsPointedOut() {
        CliHarness.Run run = apply("--template", "openmaru-java", "--dry-run", "-p", "APPLICATION_NAME=shop",
                "-p", "SOURCE_REPOSITORY_URL=https://git.example.com/team/shop.git");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("note: generated new values for [WEBHOOK_SECRET]; give them with -p NAME=VALUE to keep them the same on the next apply");
    }

    @Test
    void aTemplateFileIsProcessedWithItsParametersAndAChangedValueIsAnUpdate() throws IOException {
        Path file = Files.writeString(tmp.resolve("settings.yaml"), """
                apiVersion: template.openshift.io/v1
                kind: Template
                metadata:
                  name: settings
                parameters:
                - name: APP
                  required: true
                - name: LEVEL
                  value: info
                objects:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: ${APP}-settings
                  data:
                    LOG_LEVEL: ${LEVEL}
                """);

        assertThat(apply("--template", file.toString(), "-p", "APP=shop").out()).contains("ConfigMap/shop-settings created");
        CliHarness.Run changed = apply("--template", file.toString(), "-p", "APP=shop", "-p", "LEVEL=debug");

        assertThat(changed.exit()).as(changed.err()).isZero();
        assertThat(changed.out()).contains("ConfigMap/shop-settings updated", "1 objects from template settings in " + ns + ": 0 created, 1 updated, 0 unchanged.");
        ConfigMap settings = cli.sandbox.client().configMaps().inNamespace(ns).withName("shop-settings").get();
        assertThat(settings.getData()).containsEntry("LOG_LEVEL", "debug");
    }

    @Test
    void aTemplateThatIsNeitherBuiltInNorAFileIsBadInput() {
        CliHarness.Run run = apply("--template", tmp.resolve("nope.yaml").toString(), "-p", "APP=shop");

        assertThat(run.exit()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains("template: " + tmp.resolve("nope.yaml") + " is not allowed; expected openmaru-java or a readable Template file");
        assertThat(mutatingRequests()).isEmpty();
    }
}
