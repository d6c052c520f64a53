package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteTargetReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads an OpenShift Route ({@code spec.to} plus {@code spec.alternateBackends}) as a rule. */
final class OpenShiftRouteRules {

    static final String BALANCE_ANNOTATION = "haproxy.router.openshift.io/balance";
    /** The Route API's default weight for a backend that names none. */
    private static final int DEFAULT_WEIGHT = 100;
    private static final int MAX_WEIGHT = 256;

    private OpenShiftRouteRules() { }

    /** A Route without {@code spec.host} gets OpenShift's default, {@code <name>-<namespace>.<domain>}. */
    static Optional<RouteRule> of(Route route, String domain) {
        if (route.getSpec() == null) {
            return Optional.empty();
        }
        String namespace = route.getMetadata().getNamespace();
        String host = Optional.ofNullable(route.getSpec().getHost()).filter(h -> !h.isBlank())
                .orElse(route.getMetadata().getName() + "-" + namespace + "." + domain);
        List<RouteRule.Backend> backends = new ArrayList<>();
        backend(namespace, route.getSpec().getTo()).ifPresent(backends::add);
        if (route.getSpec().getAlternateBackends() != null) {
            route.getSpec().getAlternateBackends().forEach(b -> backend(namespace, b).ifPresent(backends::add));
        }
        Map<String, String> annotations = route.getMetadata().getAnnotations() == null
                ? Map.of() : route.getMetadata().getAnnotations();
        RouteRule.Balance balance = "random".equals(annotations.get(BALANCE_ANNOTATION))
                ? RouteRule.Balance.RANDOM : RouteRule.Balance.ROUNDROBIN;
        return Optional.of(new RouteRule(
                "Route " + namespace + "/" + route.getMetadata().getName(),
                namespace,
                Set.of(host.toLowerCase(Locale.ROOT)),
                Optional.ofNullable(route.getSpec().getPath()).orElse(""),
                false,
                0,
                Optional.ofNullable(route.getMetadata().getCreationTimestamp()).orElse(""),
                balance,
                List.copyOf(backends)));
    }

    private static Optional<RouteRule.Backend> backend(String namespace, RouteTargetReference target) {
        if (target == null || target.getName() == null
                || (target.getKind() != null && !"Service".equals(target.getKind()))) {
            return Optional.empty();
        }
        int weight = Optional.ofNullable(target.getWeight()).orElse(DEFAULT_WEIGHT);
        return Optional.of(new RouteRule.Backend(namespace, target.getName(), Math.max(0, Math.min(MAX_WEIGHT, weight))));
    }
}
