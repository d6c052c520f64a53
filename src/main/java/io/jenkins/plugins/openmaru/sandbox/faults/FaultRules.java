package io.jenkins.plugins.openmaru.sandbox.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules in force and how often each has matched. Each request is counted by every rule it
 * matches; the first rule that hits it decides its fault. Thread-safe.
 */
public final class FaultRules {
    private final List<FaultRule> rules = new ArrayList<>();
    private final List<long[]> matched = new ArrayList<>();
    private final List<long[]> hit = new ArrayList<>();

    public synchronized FaultRules add(FaultRule rule) {
        rules.add(rule);
        matched.add(new long[1]);
        hit.add(new long[1]);
        return this;
    }

    /** Drops every rule: from now on requests pass unchanged. */
    public synchronized void clear() {
        rules.clear();
        matched.clear();
        hit.clear();
    }

    /** The fault for this request, if a rule hits it. */
    public synchronized Optional<FaultRule.Fault> faultFor(String method, String pathAndQuery) {
        FaultRule.Fault chosen = null;
        for (int i = 0; i < rules.size(); i++) {
            FaultRule r = rules.get(i);
            if (r.matches(method, pathAndQuery) && r.hits(++matched.get(i)[0]) && chosen == null) {
                chosen = r.fault();
                hit.get(i)[0]++;
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** How many requests rule {@code index} (in the order added) has hit so far. */
    public synchronized long hits(int index) {
        return hit.get(index)[0];
    }
}
