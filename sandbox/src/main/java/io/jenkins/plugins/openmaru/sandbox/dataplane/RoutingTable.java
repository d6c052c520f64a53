package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * An immutable view of every rule and the endpoints behind it. Rebuilt on each cluster change;
 * a rule whose endpoints and weights did not change keeps its picker, so round-robin carries on.
 */
final class RoutingTable {

    static final RoutingTable EMPTY = new RoutingTable(List.of(), Map.of());

    /** A request's rule and the picker that chooses its pod. */
    record Match(RouteRule rule, WeightedPicker picker) { }

    private final List<RouteRule> rules;
    private final Map<RouteRule, WeightedPicker> pickers;

    private RoutingTable(List<RouteRule> rules, Map<RouteRule, WeightedPicker> pickers) {
        this.rules = rules;
        this.pickers = pickers;
    }

    /**
     * @param endpoints a Service's ready endpoints by namespace and name; empty when the Service is absent
     */
    static RoutingTable build(List<RouteRule> rules, BiFunction<String, String, List<SimulatedPod>> endpoints, RoutingTable previous) {
        Map<RouteRule, WeightedPicker> pickers = new HashMap<>();
        for (RouteRule rule : rules) {
            List<WeightedPicker.Target> targets = new ArrayList<>();
            for (RouteRule.Backend backend : rule.backends()) {
                List<SimulatedPod> ready = endpoints.apply(backend.namespace(), backend.service());
                // The OpenShift router divides a Service's weight among its endpoints.
                ready.forEach(pod -> targets.add(new WeightedPicker.Target(pod, (double) backend.weight() / ready.size())));
            }
            WeightedPicker old = previous.pickers.get(rule);
            pickers.put(rule, old != null && old.serves(targets, rule.balance()) ? old : new WeightedPicker(targets, rule.balance()));
        }
        return new RoutingTable(List.copyOf(rules), Map.copyOf(pickers));
    }

    /** The best rule for the host and path: exact host before any-host, then best path, priority, age. */
    Optional<Match> lookup(String host, String path) {
        Comparator<RouteRule> best = Comparator.<RouteRule>comparingInt(r -> r.hosts().isEmpty() ? 1 : 0)
                .thenComparing(Comparator.<RouteRule>comparingInt(r -> r.score(path)).reversed())
                .thenComparingInt(RouteRule::priority)
                .thenComparing(RouteRule::created)
                .thenComparing(RouteRule::source);
        return rules.stream()
                .filter(r -> r.hosts().isEmpty() || r.hosts().contains(host))
                .filter(r -> r.score(path) >= 0)
                .min(best)
                .map(r -> new Match(r, pickers.get(r)));
    }

    /** Every host named by a rule, for synthetic traffic. */
    Set<String> hosts() {
        Set<String> hosts = new TreeSet<>();
        rules.forEach(r -> hosts.addAll(r.hosts()));
        return hosts;
    }
}
