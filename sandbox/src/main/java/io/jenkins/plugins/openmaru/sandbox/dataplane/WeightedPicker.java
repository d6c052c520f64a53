package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the endpoint for each request in proportion to its weight. Round-robin is HAProxy's
 * smooth weighted round-robin, so 1000 requests at 20/80 go exactly 200/800; random draws each
 * request independently.
 */
final class WeightedPicker {

    /** An endpoint and its share of its Service's weight. */
    record Target(SimulatedPod pod, double weight) { }

    private final List<Target> targets;
    private final RouteRule.Balance balance;
    private final double total;
    private final double[] current;

    WeightedPicker(List<Target> targets, RouteRule.Balance balance) {
        this.targets = targets.stream().filter(t -> t.weight() > 0).toList();
        this.balance = balance;
        this.total = this.targets.stream().mapToDouble(Target::weight).sum();
        this.current = new double[this.targets.size()];
    }

    boolean serves(List<Target> others, RouteRule.Balance otherBalance) {
        return balance == otherBalance && targets.equals(others.stream().filter(t -> t.weight() > 0).toList());
    }

    /** Empty when no endpoint has weight: the router then answers 503. */
    synchronized Optional<SimulatedPod> next() {
        if (targets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(targets.get(balance == RouteRule.Balance.RANDOM ? random() : smooth()).pod());
    }

    private int smooth() {
        int best = 0;
        for (int i = 0; i < targets.size(); i++) {
            current[i] += targets.get(i).weight();
            if (current[i] > current[best]) {
                best = i;
            }
        }
        current[best] -= total;
        return best;
    }

    private int random() {
        double draw = ThreadLocalRandom.current().nextDouble(total);
        for (int i = 0; i < targets.size(); i++) {
            draw -= targets.get(i).weight();
            if (draw < 0) {
                return i;
            }
        }
        return targets.size() - 1;
    }
}
