package io.jenkins.plugins.openmaru.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayHttpRouteRouterTest extends ClusterTest {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    AppRef app;
    GatewayHttpRouteRouter router;

    @BeforeEach
    void slotsAndAnHttpRoute() {
        app = new AppRef("gw" + NAMESPACES.incrementAndGet(), "shop");
        SlotWorkloads slots = new SlotWorkloads(client, app);
        slots.deploy(Slot.BLUE, "registry/shop:1.0", 1, Map.of(), 8080, 1);
        slots.deploy(Slot.GREEN, "registry/shop:2.0", 1, Map.of(), 8080, 2);
        router = new GatewayHttpRouteRouter(client, app.namespace(), app.app());
    }

    static HTTPRoute httpRoute(String namespace, String stableService) {
        return new HTTPRouteBuilder().withNewMetadata().withName("shop").withNamespace(namespace).endMetadata()
                .withNewSpec().addNewParentRef().withName("public").endParentRef().addToHostnames("shop.example.com")
                .addNewRule().addNewMatch().withNewPath().withType("PathPrefix").withValue("/api").endPath().endMatch()
                .addNewBackendRef().withName(stableService).withPort(8080).endBackendRef().endRule()
                .addNewRule().addNewBackendRef().withName(stableService).withPort(8080).endBackendRef().endRule()
                .endSpec().build();
    }

    private HTTPRoute create() {
        return client.resources(HTTPRoute.class).inNamespace(app.namespace()).resource(httpRoute(app.namespace(), "shop-blue")).create();
    }

    private HTTPRoute read() {
        return client.resources(HTTPRoute.class).inNamespace(app.namespace()).withName("shop").get();
    }

    @Test
    void weightsGoToEveryRuleAndTheRestOfTheRouteIsKept() {
        create();
        router.reconcile("shop-blue");

        Weights w = router.setWeight("shop-blue", "shop-green", 30);

        assertThat(w).isEqualTo(new Weights("shop-blue", "shop-green", 30));
        HTTPRoute r = read();
        assertThat(r.getSpec().getRules()).hasSize(2).allSatisfy(rule -> assertThat(rule.getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight, HTTPBackendRef::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop-blue", 70, 8080), org.assertj.core.groups.Tuple.tuple("shop-green", 30, 8080)));
        assertThat(r.getSpec().getParentRefs()).extracting(p -> p.getName()).containsExactly("public");
        assertThat(r.getSpec().getRules().get(0).getMatches().get(0).getPath().getValue()).isEqualTo("/api");
        assertThat(router.getWeights()).isEqualTo(w);
    }

    @Test
    void weightZeroSendsNothingAndFinalizeLeavesOneBackend() {
        create();
        assertThat(router.setWeight("shop-blue", "shop-green", 0)).isEqualTo(Weights.allStable("shop-blue"));
        assertThat(read().getSpec().getRules().get(0).getBackendRefs()).extracting(HTTPBackendRef::getWeight).containsExactly(100, 0);

        assertThat(router.endRollout("shop-green")).isEqualTo(Weights.allStable("shop-green"));
        assertThat(read().getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getBackendRefs())
                .extracting(HTTPBackendRef::getName, HTTPBackendRef::getWeight).containsExactly(org.assertj.core.groups.Tuple.tuple("shop-green", 100)));
    }

    @Test
    void manyWritesNeverGrowTheBackendList() {
        create();
        for (int w = 1; w <= 60; w++) {
            router.setWeight("shop-blue", "shop-green", w);
        }
        assertThat(read().getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getBackendRefs()).hasSize(2));
        assertThat(router.getWeights().weight()).isEqualTo(60);
    }

    @Test
    void aMissingHttpRouteSaysWhatToCreate() {
        assertThatThrownBy(() -> router.reconcile("shop-blue")).isInstanceOf(TrafficException.class)
                .hasMessageContaining("HTTPRoute " + app.namespace() + "/shop does not exist").hasMessageContaining("parentRefs");
    }
}
