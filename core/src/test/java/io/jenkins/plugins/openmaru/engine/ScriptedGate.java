package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A gate that returns the verdicts a test scripts, and runs a hook when it measures (e.g. to mark the request log). */
final class ScriptedGate implements HealthGate {
    private final Deque<Verdict> verdicts;
    private final Clock clock;
    private final Runnable onMeasure;
    private volatile GateContext lastContext;

    ScriptedGate(Clock clock, Runnable onMeasure, Verdict... verdicts) {
        this.verdicts = new ArrayDeque<>(List.of(verdicts));
        this.clock = clock;
        this.onMeasure = onMeasure;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public synchronized GateResult evaluate(GateContext context) {
        lastContext = context;
        onMeasure.run();
        Verdict v = verdicts.isEmpty() ? Verdict.PASS : verdicts.poll();
        return new GateResult(name(), v, "scripted " + v + " for " + context.candidateUrl(), clock.instant());
    }

    GateContext lastContext() {
        return lastContext;
    }
}
