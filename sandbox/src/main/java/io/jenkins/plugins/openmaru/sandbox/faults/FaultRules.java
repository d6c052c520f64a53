package io.jenkins.plugins.openmaru.sandbox.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The rules in force and how often each has matched. Each request is counted by every rule it
 * matches; the first rule that hits it decides its fault. Probabilities are drawn from one generator
 * per rule, seeded from {@link #seed} and the rule's index, so the same requests meet the same faults.
 * While an {@link FaultRule.Outage} lasts, every request is black-holed and no rule counts it. Thread-safe.
 */
public final class FaultRules {
    private final List<FaultRule> rules = new ArrayList<>();
    private final List<long[]> matched = new ArrayList<>();
    private final List<long[]> hit = new ArrayList<>();
    private final List<Random> draws = new ArrayList<>();
    private long seed;
    private long outageEnd;
    private boolean outage;

    public synchronized FaultRules add(FaultRule rule) {
        rules.add(rule);
        matched.add(new long[1]);
        hit.add(new long[1]);
        draws.add(new Random(seed * 31 + rules.size()));
        return this;
    }

    /** The seed of the rules added from now on. */
    public synchronized FaultRules seed(long value) {
        seed = value;
        return this;
    }

    /** Drops every rule: from now on requests pass unchanged. */
    public synchronized void clear() {
        rules.clear();
        matched.clear();
        hit.clear();
        draws.clear();
        outage = false;
    }

    /** The fault for this request, if a rule hits it. */
    public synchronized Optional<FaultRule.Fault> faultFor(String method, String pathAndQuery) {
        long now = System.nanoTime();
        if (outage && now - outageEnd < 0) {
            return Optional.of(new FaultRule.Outage(Duration.ofNanos(outageEnd - now)));
        }
        outage = false;
        FaultRule.Fault chosen = null;
        for (int i = 0; i < rules.size(); i++) {
            FaultRule r = rules.get(i);
            if (r.matches(method, pathAndQuery) && r.candidate(++matched.get(i)[0]) && chosen == null
                    && draws.get(i).nextDouble() < r.probability()) {
                chosen = r.fault();
                hit.get(i)[0]++;
            }
        }
        if (chosen instanceof FaultRule.Outage o) {
            outage = true;
            outageEnd = now + o.duration().toNanos();
        }
        return Optional.ofNullable(chosen);
    }

    /** How many requests rule {@code index} (in the order added) has hit so far. */
    public synchronized long hits(int index) {
        return hit.get(index)[0];
    }
}
