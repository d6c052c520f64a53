package io.jenkins.plugins.openmaru.engine.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.DrillTimings;
import io.jenkins.plugins.openmaru.model.GateResult;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The drill as a JSON document: instants in ISO-8601, every measured duration also in milliseconds. */
public final class DrillJsonReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillJsonReport() {}

    public static String render(DrillResult r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", r.id());
        root.put("namespace", r.app().namespace());
        root.put("app", r.app().app());
        root.put("environment", r.plan().environment());
        root.put("actor", r.actor());
        root.put("outcome", r.outcome().name());
        root.put("message", r.message());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("maxTimeToRestoreMillis", r.plan().maxTimeToRestore().toMillis());
        root.put("servingRevision", r.servingRevision());
        root.put("servingImage", r.servingImage());
        ObjectNode plan = root.putObject("plan");
        release(plan.putObject("serving"), r.plan().serving());
        release(plan.putObject("target"), r.plan().target());
        plan.put("warm", r.plan().warm());
        plan.put("rollForward", r.plan().rollForward());
        ArrayNode gates = plan.putArray("gates");
        r.plan().gates().stream().map(GateSpec::displayName).forEach(gates::add);
        ArrayNode steps = plan.putArray("steps");
        r.plan().steps().forEach(steps::add);
        ArrayNode phases = root.putArray("phases");
        r.phases().forEach(p -> phase(phases.addObject(), p));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the drill report", e);
        }
    }

    private static void release(ObjectNode n, Release r) {
        n.put("revision", r.revision());
        n.put("image", r.image());
    }

    private static void phase(ObjectNode n, DrillPhaseResult p) {
        n.put("phase", p.phase().label());
        n.put("outcome", p.outcome().name());
        n.put("message", p.message());
        n.put("fromRevision", p.fromRevision());
        n.put("toRevision", p.toRevision());
        n.put("image", p.image());
        n.put("slot", p.slot() == null ? null : p.slot().label());
        n.put("scaledUp", p.scaledUp());
        n.put("targetMillis", p.target().toMillis());
        n.put("exceededTarget", p.exceededTarget());
        DrillTimings t = p.timings();
        ObjectNode at = n.putObject("timings");
        instant(at, "decisionAt", t.decisionAt());
        instant(at, "availableAt", t.availableAt());
        instant(at, "checkedAt", t.checkedAt());
        instant(at, "trafficWrittenAt", t.trafficWrittenAt());
        instant(at, "verifiedAt", t.verifiedAt());
        ObjectNode ms = n.putObject("millis");
        millis(ms, "toAvailable", t.toAvailable());
        millis(ms, "checking", t.checking());
        millis(ms, "toTrafficWrite", t.toTrafficWrite());
        millis(ms, "writeToVerified", t.writeToVerified());
        millis(ms, "timeToRestore", t.timeToRestore());
        gates(n.putArray("gatesBefore"), p.gatesBefore());
        gates(n.putArray("gatesAfter"), p.gatesAfter());
    }

    private static void instant(ObjectNode n, String field, Instant t) {
        if (t == null) {
            n.putNull(field);
        } else {
            n.put(field, t.toString());
        }
    }

    private static void millis(ObjectNode n, String field, Optional<Duration> d) {
        if (d.isPresent()) {
            n.put(field, d.get().toMillis());
        } else {
            n.putNull(field);
        }
    }

    private static void gates(ArrayNode a, List<GateResult> results) {
        for (GateResult g : results) {
            ObjectNode n = a.addObject();
            n.put("gate", g.gate());
            n.put("verdict", g.verdict().name());
            n.put("evidence", g.evidence());
            n.put("at", g.at().toString());
        }
    }
}
