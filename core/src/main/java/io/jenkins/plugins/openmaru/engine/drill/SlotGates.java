package io.jenkins.plugins.openmaru.engine.drill;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.Analysis;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.gate.GateContext;
import io.jenkins.plugins.openmaru.model.DrillPlan;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Measures one slot with the drill's gates, through the slot's own URL (not the weighted route). */
final class SlotGates {
    private final KubernetesClient client;
    private final EngineConfig config;
    private final DrillPlan plan;

    SlotGates(KubernetesClient client, EngineConfig config, DrillPlan plan) {
        this.client = client;
        this.config = config;
        this.plan = plan;
    }

    /** One measurement per gate; a gate that throws counts as ERROR, never as a pass. */
    List<GateResult> check(Slot slot, String image, Instant since) {
        var app = plan.app();
        GateContext context = GateContext.builder().client(client).namespace(app.namespace()).app(app.app())
                .stableSlot(slot.other().label()).candidateSlot(slot.label()).candidateImage(image)
                .stableUrl(config.endpoints().baseUrl(app, slot.other(), plan.port()))
                .candidateUrl(config.endpoints().baseUrl(app, slot, plan.port())).stepStartedAt(since).build();
        List<GateResult> results = new ArrayList<>();
        for (GateSpec spec : plan.gates()) {
            results.add(Analysis.measureOnce(spec, config.gates(), context, config.clock()));
        }
        return results;
    }

    /** The first result that is not a PASS, if any. */
    static java.util.Optional<GateResult> firstFailure(List<GateResult> results) {
        return results.stream().filter(r -> r.verdict() != Verdict.PASS).findFirst();
    }
}
