package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteIngress;
import io.fabric8.openshift.api.model.RouteIngressBuilder;
import io.fabric8.openshift.api.model.RouteStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What OpenShift's default router writes into a Route it admits: one {@code status.ingress} entry with the
 * Route's host, {@code routerName: default} and an {@code Admitted=True} condition. The sandbox's router
 * serves every Route, so every Route is admitted, at once. An entry for the same host keeps its time.
 */
final class RouteAdmission {
    static final String ROUTER_NAME = "default";

    private RouteAdmission() {}

    /** Sets {@code route}'s status to its admission by the default router, as of {@code now}. */
    static void admit(Route route, Instant now) {
        String host = route.getSpec().getHost();
        RouteIngress previous = route.getStatus() == null || route.getStatus().getIngress() == null ? null
                : route.getStatus().getIngress().stream()
                        .filter(i -> ROUTER_NAME.equals(i.getRouterName()) && host.equals(i.getHost())).findFirst().orElse(null);
        String since = previous != null && previous.getConditions() != null && !previous.getConditions().isEmpty()
                ? previous.getConditions().get(0).getLastTransitionTime()
                : now.truncatedTo(ChronoUnit.SECONDS).toString();
        String wildcard = route.getSpec().getWildcardPolicy() == null ? "None" : route.getSpec().getWildcardPolicy();
        RouteIngress admitted = new RouteIngressBuilder().withHost(host).withRouterName(ROUTER_NAME)
                .withRouterCanonicalHostname("router-" + ROUTER_NAME + "." + SandboxApiFront.ROUTER_DOMAIN).withWildcardPolicy(wildcard)
                .addNewCondition().withType("Admitted").withStatus("True").withLastTransitionTime(since).endCondition()
                .build();
        route.setStatus(new RouteStatus(List.of(admitted)));
    }
}
