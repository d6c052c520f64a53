package io.jenkins.plugins.openmaru.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteTargetReferenceBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.sandbox.BuildMockServer;
import io.jenkins.plugins.openmaru.workload.EngineEnv;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateApplyTest {
    private static final String NS = "shop-dev";
    private static final TemplateParameters PARAMS = new TemplateParameters(Map.of(
            "APPLICATION_NAME", "shop", "SOURCE_REPOSITORY_URL", "https://git.example.com/team/shop.git",
            "WEBHOOK_SECRET", "fixed-so-that-reprocessing-is-identical"));

    private BuildMockServer server;
    private OpenShiftClient client;
    private ResourceApplier applier;

    @BeforeEach
    void start() {
        server = new BuildMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().adapt(OpenShiftClient.class);
        applier = new ResourceApplier(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private List<HasMetadata> objects() {
        return new TemplateProcessor().process(TemplateDocument.openmaruJava(), PARAMS).objects();
    }

    private Map<String, String> resourceVersions() {
        return objects().stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getName(),
                o -> client.resource(o).inNamespace(NS).get().getMetadata().getResourceVersion()));
    }

    @Test
    void applyingTwiceChangesNothing() {
        assertThat(applier.apply(NS, objects())).extracting(ApplyOutcome::change).containsOnly(ApplyOutcome.Change.CREATED).hasSize(13);
        Map<String, String> before = resourceVersions();

        assertThat(applier.apply(NS, objects())).extracting(ApplyOutcome::change).containsOnly(ApplyOutcome.Change.UNCHANGED);

        assertThat(resourceVersions()).isEqualTo(before);
        assertThat(client.apps().deployments().inNamespace(NS).withName("shop-blue").get().getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void reapplyKeepsWhatTheEngineAndClusterOwnButUpdatesTheRest() {
        applier.apply(NS, objects());
        client.apps().deployments().inNamespace(NS).withName("shop-green").edit(d -> {
            d.getSpec().setReplicas(2);
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry/shop@sha256:" + "a".repeat(64));
            d.getMetadata().getAnnotations().put("delivery.openmaru.io/revision", "7");
            return d;
        });
        client.routes().inNamespace(NS).withName("shop").edit(r -> {
            r.getSpec().setHost("shop-shop-dev.apps.example.com");
            r.getSpec().setTo(new RouteTargetReferenceBuilder().withKind("Service").withName("shop-green").withWeight(100).build());
            return r;
        });

        List<HasMetadata> changed = new TemplateProcessor().process(TemplateDocument.openmaruJava(), new TemplateParameters(Map.of(
                "APPLICATION_NAME", "shop", "SOURCE_REPOSITORY_URL", "https://git.example.com/team/shop.git",
                "WEBHOOK_SECRET", "fixed-so-that-reprocessing-is-identical", "MEMORY_LIMIT", "2Gi"))).objects();
        Map<String, ApplyOutcome.Change> outcomes = applier.apply(NS, changed).stream()
                .collect(Collectors.toMap(o -> o.kind() + "/" + o.name(), ApplyOutcome::change));

        assertThat(outcomes).containsEntry("Deployment/shop-green", ApplyOutcome.Change.UPDATED)
                .containsEntry("Deployment/shop-blue", ApplyOutcome.Change.UPDATED)
                .containsEntry("Route/shop", ApplyOutcome.Change.UNCHANGED)
                .containsEntry("Service/shop-blue", ApplyOutcome.Change.UNCHANGED);
        Deployment green = client.apps().deployments().inNamespace(NS).withName("shop-green").get();
        assertThat(green.getSpec().getReplicas()).isEqualTo(2);
        assertThat(green.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).endsWith("a".repeat(64));
        assertThat(green.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
        assertThat(green.getMetadata().getAnnotations()).containsEntry("delivery.openmaru.io/revision", "7");
        Route route = client.routes().inNamespace(NS).withName("shop").get();
        assertThat(route.getSpec().getHost()).isEqualTo("shop-shop-dev.apps.example.com");
        assertThat(route.getSpec().getTo().getName()).isEqualTo("shop-green");
    }

    @Test
    void fieldsTheApiServerDefaultsInsideNamedListsAreNotChanges() {
        applier.apply(NS, objects());
        client.apps().deployments().inNamespace(NS).withName("shop-blue").edit(d -> {
            var c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.setImagePullPolicy("IfNotPresent");
            c.setTerminationMessagePath("/dev/termination-log");
            return d;
        });
        client.services().inNamespace(NS).withName("shop-blue").edit(s -> {
            s.getSpec().setClusterIP("172.30.12.34");
            s.getSpec().getPorts().get(0).setProtocol("TCP");
            return s;
        });
        Map<String, String> before = resourceVersions();

        assertThat(applier.apply(NS, objects())).extracting(ApplyOutcome::change).containsOnly(ApplyOutcome.Change.UNCHANGED);
        assertThat(resourceVersions()).isEqualTo(before);
        assertThat(client.apps().deployments().inNamespace(NS).withName("shop-blue").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
    }

    @Test
    void anEnvVariableRemovedFromTheTemplateIsRemovedFromTheSlot() {
        applier.apply(NS, objects());
        client.apps().deployments().inNamespace(NS).withName("shop-blue").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                    .add(new io.fabric8.kubernetes.api.model.EnvVar("STALE", "1", null));
            return d;
        });

        assertThat(applier.apply(NS, objects())).filteredOn(o -> o.name().equals("shop-blue") && o.kind().equals("Deployment"))
                .extracting(ApplyOutcome::change).containsExactly(ApplyOutcome.Change.UPDATED);
        assertThat(client.apps().deployments().inNamespace(NS).withName("shop-blue").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName()).containsExactly("TZ", "JAVA_OPTIONS", "JAVA_OPTS_APPEND");
    }

    @Test
    void reapplyKeepsTheEnvTheEngineSetForTheServingRelease() {
        applier.apply(NS, objects());
        client.apps().deployments().inNamespace(NS).withName("shop-green").edit(d -> {
            EngineEnv.set(d.getSpec().getTemplate(), d.getSpec().getTemplate().getSpec().getContainers().get(0),
                    Map.of("FEATURE_X", "on", "TZ", "UTC"));
            return d;
        });
        Map<String, String> before = resourceVersions();

        assertThat(applier.apply(NS, objects())).extracting(ApplyOutcome::change).containsOnly(ApplyOutcome.Change.UNCHANGED);

        assertThat(resourceVersions()).isEqualTo(before);
        assertThat(client.apps().deployments().inNamespace(NS).withName("shop-green").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .contains("FEATURE_X=on", "TZ=UTC").doesNotContain("TZ=Asia/Seoul");
    }

    @Test
    void appliedObjectsLandInTheTargetNamespace() {
        applier.apply(NS, objects());
        Map<String, HasMetadata> byName = client.apps().deployments().inNamespace(NS).list().getItems().stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
        assertThat(byName).containsOnlyKeys("shop-blue", "shop-green");
        assertThat(client.configMaps().inNamespace(NS).withName("shop-config").get()).isNotNull();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName("shop-ingress").get()).isNotNull();
    }
}
