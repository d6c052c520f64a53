package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.fabric8.openshift.api.model.RouteIngress;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.workload.Availability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the sandbox's API server answers beyond CRUD: discovery documents, tables for kubectl get, and Routes admitted by the router. */
// Each test awaits the answers and events themselves, however slowly a loaded machine gives them; this only guards
// against a hang.
@Tag("slow")
@Timeout(120)
class SandboxApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static Sandbox sandbox;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start(Duration.ofMillis(20), 0, DataPlaneConfig.defaults().withTrafficRps(0));
        client = sandbox.client();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private record Answer(int code, String contentType, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private static Answer get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.cluster().url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static Answer getTable(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.cluster().url()).resolve(path))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode r : list.get("resources")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void versionAndCoreGroupAreDiscoverable() throws Exception {
        Answer version = get("/version");
        assertThat(version.code()).isEqualTo(200);
        assertThat(version.contentType()).isEqualTo("application/json");
        assertThat(version.json().get("gitVersion").asText()).isEqualTo(ApiDiscovery.KUBERNETES_VERSION);
        assertThat(version.json().get("major").asText()).isEqualTo("1");
        assertThat(version.json().get("minor").asText()).isEqualTo("33");

        Answer api = get("/api");
        assertThat(api.json().get("kind").asText()).isEqualTo("APIVersions");
        assertThat(texts(api.json().get("versions"))).containsExactly("v1");

        JsonNode core = get("/api/v1").json();
        assertThat(core.get("kind").asText()).isEqualTo("APIResourceList");
        JsonNode services = resource(core, "services");
        assertThat(services.get("kind").asText()).isEqualTo("Service");
        assertThat(services.get("namespaced").asBoolean()).isTrue();
        assertThat(texts(services.get("shortNames"))).containsExactly("svc");
        assertThat(texts(resource(core, "services/proxy").get("verbs"))).as("the sandbox proxies GET only").containsExactly("get");
        assertThat(texts(resource(core, "configmaps").get("shortNames"))).containsExactly("cm");
    }

    @Test
    void everyGroupTheEngineUsesIsListedWithItsResources() throws Exception {
        JsonNode groups = get("/apis").json();
        assertThat(groups.get("kind").asText()).isEqualTo("APIGroupList");
        List<String> names = new ArrayList<>();
        groups.get("groups").forEach(g -> names.add(g.get("name").asText()));
        assertThat(names).containsExactly("apps", "coordination.k8s.io", "networking.k8s.io", "gateway.networking.k8s.io",
                "route.openshift.io", "build.openshift.io", "image.openshift.io");

        JsonNode route = get("/apis/route.openshift.io").json();
        assertThat(route.get("preferredVersion").get("groupVersion").asText()).isEqualTo("route.openshift.io/v1");

        JsonNode apps = get("/apis/apps/v1").json();
        JsonNode deployments = resource(apps, "deployments");
        assertThat(deployments.get("kind").asText()).isEqualTo("Deployment");
        assertThat(deployments.get("singularName").asText()).isEqualTo("deployment");
        assertThat(texts(deployments.get("shortNames"))).containsExactly("deploy");
        assertThat(texts(deployments.get("verbs"))).containsExactly("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
        assertThat(texts(resource(apps, "deployments/status").get("verbs"))).containsExactly("get", "patch", "update");
        assertThat(apps.get("resources")).as("no scale: the sandbox does not serve it").noneMatch(r -> r.get("name").asText().endsWith("/scale"));

        assertThat(resource(get("/apis/coordination.k8s.io/v1").json(), "leases").get("kind").asText()).isEqualTo("Lease");
        assertThat(resource(get("/apis/gateway.networking.k8s.io/v1").json(), "httproutes").get("kind").asText()).isEqualTo("HTTPRoute");
        assertThat(resource(get("/apis/route.openshift.io/v1").json(), "routes/status").get("kind").asText()).isEqualTo("Route");
        JsonNode build = get("/apis/build.openshift.io/v1").json();
        assertThat(texts(resource(build, "buildconfigs").get("shortNames"))).containsExactly("bc");
        assertThat(resource(build, "buildconfigs/instantiatebinary").get("kind").asText()).isEqualTo("BinaryBuildRequestOptions");
        assertThat(resource(build, "builds/log").get("kind").asText()).isEqualTo("BuildLog");
        JsonNode image = get("/apis/image.openshift.io/v1").json();
        assertThat(texts(resource(image, "imagestreamimports").get("verbs"))).containsExactly("create");
        assertThat(texts(resource(image, "imagestreams").get("shortNames"))).containsExactly("is");
    }

    @Test
    void unknownGroupsAndNonResourcePathsAreNotFoundWhileResourcesReachTheStore() throws Exception {
        for (String path : List.of("/apis/batch/v1", "/apis/batch", "/apis/apps/v2", "/openapi/v2", "/metrics")) {
            Answer a = get(path);
            assertThat(a.code()).as(path).isEqualTo(404);
            assertThat(a.json().get("reason").asText()).as(path).isEqualTo("NotFound");
        }
        Answer list = get("/apis/route.openshift.io/v1/namespaces/nobody/routes");
        assertThat(list.code()).isEqualTo(200);
        assertThat(list.contentType()).as("the store's JSON is labelled").isEqualTo("application/json");
        assertThat(list.json().get("items")).isEmpty();
    }

    @Test
    void theRouterAdmitsEveryRouteItsHostIncluded() {
        Route created = client.resources(Route.class).inNamespace("adm").resource(new RouteBuilder()
                .withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withNewTo().withKind("Service").withName("shop-blue").endTo().endSpec().build()).create();

        RouteIngress ingress = created.getStatus().getIngress().get(0);
        assertThat(ingress.getHost()).isEqualTo("shop-adm.apps.sandbox");
        assertThat(ingress.getRouterName()).isEqualTo("default");
        assertThat(ingress.getWildcardPolicy()).isEqualTo("None");
        assertThat(ingress.getConditions()).singleElement()
                .satisfies(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Admitted=True"));

        Route stored = client.resources(Route.class).inNamespace("adm").withName("shop").get();
        stored.getStatus().getIngress().get(0).getConditions().get(0).setLastTransitionTime("2020-01-01T00:00:00Z");
        stored.getSpec().getTo().setWeight(50);
        Route reweighted = client.resources(Route.class).inNamespace("adm").resource(stored).update();
        assertThat(reweighted.getStatus().getIngress()).singleElement().satisfies(i -> assertThat(i.getConditions().get(0).getLastTransitionTime())
                .as("admitted since, for the same host").isEqualTo("2020-01-01T00:00:00Z"));

        reweighted.getSpec().setHost("shop.example.com");
        Route moved = client.resources(Route.class).inNamespace("adm").resource(reweighted).update();
        assertThat(moved.getStatus().getIngress()).singleElement().satisfies(i -> {
            assertThat(i.getHost()).isEqualTo("shop.example.com");
            assertThat(i.getConditions().get(0).getLastTransitionTime()).isNotEqualTo("2020-01-01T00:00:00Z");
        });
        assertThat(client.resources(Route.class).inNamespace("adm").withName("shop").get().getStatus().getIngress().get(0).getHost())
                .isEqualTo("shop.example.com");
    }

    @Test
    void clientsThatAcceptTablesGetTheColumnsARealServerPrints() throws Exception {
        client.apps().deployments().inNamespace("tbl").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("r/web:1").endContainer().endSpec().endTemplate().endSpec().build())
                .create();
        client.apps().deployments().inNamespace("tbl").withName("web").informOnCondition(l -> !l.isEmpty() && Availability.isAvailable(l.get(0))).get();

        JsonNode table = getTable("/apis/apps/v1/namespaces/tbl/deployments?limit=500").json();

        assertThat(table.get("kind").asText() + " " + table.get("apiVersion").asText()).isEqualTo("Table meta.k8s.io/v1");
        List<String> columns = new ArrayList<>();
        table.get("columnDefinitions").forEach(c -> columns.add(c.get("name").asText() + ":" + c.get("priority").asInt()));
        assertThat(columns).containsExactly("Name:0", "Ready:0", "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1", "Selector:1");
        JsonNode row = table.get("rows").get(0);
        assertThat(texts(row.get("cells")).subList(0, 4)).containsExactly("web", "2/2", "2", "2");
        assertThat(texts(row.get("cells")).subList(5, 8)).containsExactly("web", "r/web:1", "app=web");
        assertThat(row.get("object").get("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(row.get("object").get("metadata").get("name").asText()).isEqualTo("web");

        JsonNode one = getTable("/apis/apps/v1/namespaces/tbl/deployments/web?includeObject=Object").json();
        assertThat(one.get("rows")).hasSize(1);
        assertThat(one.get("rows").get(0).get("object").get("kind").asText()).isEqualTo("Deployment");
        assertThat(getTable("/apis/apps/v1/namespaces/tbl/deployments?includeObject=None").json().get("rows").get(0).has("object")).isFalse();
        assertThat(get("/apis/apps/v1/namespaces/tbl/deployments").json().get("items")).as("without asking for a table").hasSize(1);
        assertThat(getTable("/api/v1/namespaces/tbl/endpoints").json().has("items")).as("a kind without columns answers as stored").isTrue();
        assertThat(getTable("/apis/apps/v1/namespaces/tbl/deployments/none").code()).isEqualTo(404);
    }

    @Test
    void agesReadAsKubectlWritesThem() {
        assertThat(PrinterColumns.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(PrinterColumns.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(PrinterColumns.humanDuration(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(PrinterColumns.humanDuration(Duration.ofMinutes(4))).isEqualTo("4m");
        assertThat(PrinterColumns.humanDuration(Duration.ofMinutes(25))).isEqualTo("25m");
        assertThat(PrinterColumns.humanDuration(Duration.ofMinutes(303))).isEqualTo("5h3m");
        assertThat(PrinterColumns.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(PrinterColumns.humanDuration(Duration.ofHours(52))).isEqualTo("2d4h");
        assertThat(PrinterColumns.humanDuration(Duration.ofDays(100))).isEqualTo("100d");
        assertThat(PrinterColumns.humanDuration(Duration.ofDays(800))).isEqualTo("2y70d");
        assertThat(PrinterColumns.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    }
}
