package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a Gateway API HTTPRoute: one rule per match of each {@code spec.rules[]}, weighted by
 * {@code backendRefs[].weight}. Only path matches are honoured; parentRefs are not checked.
 */
final class HttpRouteRules {

    /** The Gateway API's default weight for a backendRef that names none. */
    private static final int DEFAULT_WEIGHT = 1;

    private HttpRouteRules() { }

    static List<RouteRule> of(HTTPRoute route) {
        if (route.getSpec() == null || route.getSpec().getRules() == null) {
            return List.of();
        }
        String namespace = route.getMetadata().getNamespace();
        String source = "HTTPRoute " + namespace + "/" + route.getMetadata().getName();
        Set<String> hosts = route.getSpec().getHostnames() == null ? Set.of()
                : route.getSpec().getHostnames().stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        String created = Optional.ofNullable(route.getMetadata().getCreationTimestamp()).orElse("");
        List<RouteRule> rules = new ArrayList<>();
        for (HTTPRouteRule rule : route.getSpec().getRules()) {
            List<RouteRule.Backend> backends = rule.getBackendRefs() == null ? List.of()
                    : rule.getBackendRefs().stream().map(b -> backend(namespace, b)).flatMap(Optional::stream).toList();
            List<HTTPRouteMatch> matches = rule.getMatches() == null || rule.getMatches().isEmpty()
                    ? List.of(new HTTPRouteMatch()) : rule.getMatches();
            for (HTTPRouteMatch match : matches) {
                HTTPPathMatch path = Optional.ofNullable(match.getPath()).orElse(new HTTPPathMatch());
                String type = Optional.ofNullable(path.getType()).orElse("PathPrefix");
                if (type.equals("PathPrefix") || type.equals("Exact")) {
                    rules.add(new RouteRule(source, namespace, hosts, Optional.ofNullable(path.getValue()).orElse("/"),
                            type.equals("Exact"), 1, created, RouteRule.Balance.ROUNDROBIN, backends));
                }
            }
        }
        return rules;
    }

    private static Optional<RouteRule.Backend> backend(String namespace, HTTPBackendRef ref) {
        boolean service = (ref.getKind() == null || "Service".equals(ref.getKind()))
                && (ref.getGroup() == null || ref.getGroup().isEmpty());
        if (!service || ref.getName() == null) {
            return Optional.empty();
        }
        return Optional.of(new RouteRule.Backend(
                Optional.ofNullable(ref.getNamespace()).orElse(namespace),
                ref.getName(),
                Math.max(0, Optional.ofNullable(ref.getWeight()).orElse(DEFAULT_WEIGHT))));
    }
}
