package io.jenkins.plugins.openmaru.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficRoutersTest extends ClusterTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    AppRef app;

    @BeforeEach
    void freshApp() {
        app = new AppRef("sel" + NAMESPACES.incrementAndGet(), "shop");
        new SlotWorkloads(client, app).deploy(Slot.BLUE, "registry/shop:1.0", 1, Map.of(), 8080, 1);
    }

    @Test
    void anExplicitChoiceWins() {
        client.resources(Route.class).inNamespace(app.namespace()).resource(route()).create();
        TrafficRouters.Selection s = TrafficRouters.select(client, app, RouterKind.REPLICAS);
        assertThat(s.kind()).isEqualTo(RouterKind.REPLICAS);
        assertThat(s.reason()).isEqualTo("router: replicas requested");
        assertThat(TrafficRouters.AUTO.create(client, app, RouterKind.REPLICAS)).isInstanceOf(ReplicaRatioRouter.class);
    }

    @Test
    void anExistingRouteMeansRoute() {
        client.resources(Route.class).inNamespace(app.namespace()).resource(route()).create();
        TrafficRouters.Selection s = TrafficRouters.select(client, app, null);
        assertThat(s.toString()).isEqualTo("route (Route " + app.namespace() + "/shop exists)");
        assertThat(TrafficRouters.AUTO.create(client, app)).isInstanceOf(OpenShiftRouteRouter.class);
    }

    @Test
    void anExistingHttpRouteMeansGateway() {
        client.resources(HTTPRoute.class).inNamespace(app.namespace())
                .resource(GatewayHttpRouteRouterTest.httpRoute(app.namespace(), "shop-blue")).create();
        assertThat(TrafficRouters.select(client, app, null).toString()).isEqualTo("gateway (HTTPRoute " + app.namespace() + "/shop exists)");
        assertThat(TrafficRouters.AUTO.create(client, app)).isInstanceOf(GatewayHttpRouteRouter.class);
    }

    @Test
    void theReplicaRatioServiceMeansReplicas() {
        new ReplicaRatioRouter(client, app.namespace(), app.app()).reconcile("shop-blue");
        assertThat(TrafficRouters.select(client, app, null).kind()).isEqualTo(RouterKind.REPLICAS);
    }

    @Test
    void withNothingYetAClusterServingRoutesGetsARoute() {
        TrafficRouters.Selection s = TrafficRouters.select(client, app, null);
        assertThat(s.kind()).isEqualTo(RouterKind.ROUTE);
        assertThat(s.reason()).contains("serves route.openshift.io");
    }

    private Route route() {
        return new RouteBuilder().withNewMetadata().withName("shop").endMetadata()
                .withNewSpec().withNewTo().withKind("Service").withName("shop-blue").withWeight(100).endTo().endSpec().build();
    }
}
