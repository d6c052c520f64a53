package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openmaruApply driven as Pipeline drives it, against a simulated OpenShift. */
@ClusterTest.RolloutDelay(millis = 30)
class ApplyTemplateStepTest extends ClusterTest {
    DeliveryFixture f;
    OpenShiftClient client;

    @BeforeEach
    void setUp() {
        f = new DeliveryFixture(cluster);
        client = f.client.adapt(OpenShiftClient.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    static ApplyTemplateStep openmaruJava(Map<String, Object> parameters) {
        ApplyTemplateStep step = new ApplyTemplateStep("openmaru-java");
        step.setParameters(parameters);
        return step;
    }

    /** With the webhook secret given: left blank, each apply would generate a new one and update the BuildConfig. */
    static Map<String, Object> shop() {
        return Map.of("APPLICATION_NAME", "shop", "SOURCE_REPOSITORY_URL", "https://git.example.com/team/shop.git", "MEMORY_LIMIT", "2Gi",
                "WEBHOOK_SECRET", "s3cr3t-from-a-credential");
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<String>> apply(ApplyTemplateStep step, BuildLog log) throws Exception {
        TestStepContext c = context(new FakeBuild("shop-infra", 1), log);
        start(step, c);
        return (Map<String, List<String>>) c.awaitSuccess(TIMEOUT);
    }

    @Test
    void theOpenmaruJavaTemplateCreatesItsObjectsInTheNamespace() throws Exception {
        BuildLog log = new BuildLog();
        Map<String, List<String>> summary = apply(openmaruJava(shop()), log);

        assertThat(summary.get("created")).contains("ImageStream/shop", "BuildConfig/shop", "ConfigMap/shop-config",
                "Deployment/shop-blue", "Deployment/shop-green", "Service/shop-blue", "Route/shop");
        assertThat(summary.get("updated")).isEmpty();
        assertThat(summary.get("unchanged")).isEmpty();
        assertThat((Object) summary.get("namespace")).isEqualTo(f.namespace);
        BuildConfig bc = client.buildConfigs().inNamespace(f.namespace).withName("shop").get();
        assertThat(bc.getSpec().getSource().getGit().getUri()).isEqualTo("https://git.example.com/team/shop.git");
        assertThat(client.apps().deployments().inNamespace(f.namespace).withName("shop-blue").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        Route route = client.routes().inNamespace(f.namespace).withName("shop").get();
        assertThat(route.getSpec().getTo().getName()).startsWith("shop-");
        assertThat(log.text()).contains("[openmaru] BuildConfig/shop created",
                "[openmaru] applied template openmaru-java to " + f.namespace + ": " + summary.get("created").size() + " created, 0 updated, 0 unchanged");
    }

    @Test
    void applyingTheSameParametersAgainChangesNothing() throws Exception {
        Map<String, List<String>> first = apply(openmaruJava(shop()), new BuildLog());
        long writesBefore = f.writes().size();

        Map<String, List<String>> second = apply(openmaruJava(shop()), new BuildLog());

        assertThat(second.get("created")).isEmpty();
        assertThat(second.get("updated")).isEmpty();
        assertThat(second.get("unchanged")).containsExactlyElementsOf(first.get("created"));
        assertThat(f.writes()).hasSize((int) writesBefore);
    }

    @Test
    void unknownAndMissingParametersAreListedBeforeAnyWrite() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-infra", 2), new BuildLog());
        start(openmaruJava(Map.of("APPLICATION_NAME", "shop", "APP_COLOUR", "blue")), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("parameters")
                .hasMessageContaining("unknown [APP_COLOUR]")
                .hasMessageContaining("required but not given [SOURCE_REPOSITORY_URL]");
        assertThat(f.writes()).isEmpty();
    }

    @Test
    void aTemplateFileFromTheWorkspaceIsApplied(@TempDir Path workspace) throws Exception {
        Files.writeString(workspace.resolve("config.yaml"), """
                apiVersion: template.openshift.io/v1
                kind: Template
                metadata:
                  name: settings
                parameters:
                - name: GREETING
                  required: true
                objects:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata:
                    name: greeting
                  data:
                    text: ${GREETING}
                """);
        ApplyTemplateStep step = new ApplyTemplateStep("config.yaml").withWorkspace(LocalWorkspace.at(workspace));
        step.setParameters(Map.of("GREETING", "annyeong"));

        Map<String, List<String>> summary = apply(step, new BuildLog());

        assertThat(summary.get("created")).containsExactly("ConfigMap/greeting");
        assertThat(client.configMaps().inNamespace(f.namespace).withName("greeting").get().getData()).containsEntry("text", "annyeong");
    }

    @Test
    void aMissingTemplateOrParametersThatAreNotAMapNameTheParameter(@TempDir Path workspace) throws Exception {
        TestStepContext c = context(new FakeBuild("shop-infra", 3), new BuildLog());
        ApplyTemplateStep notAMap = new ApplyTemplateStep("openmaru-java");
        notAMap.setParameters("APPLICATION_NAME=shop");
        assertThatThrownBy(() -> notAMap.start(c)).isInstanceOf(AbortException.class).hasMessageContaining("parameters");
        assertThatThrownBy(() -> new ApplyTemplateStep(" ").start(c)).isInstanceOf(AbortException.class).hasMessageContaining("template");

        start(new ApplyTemplateStep("openshift/missing.yaml").withWorkspace(LocalWorkspace.at(workspace)), c);
        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessageContaining("template").hasMessageContaining("openshift/missing.yaml");
        assertThat(f.writes()).isEmpty();
    }
}
