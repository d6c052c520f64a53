package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lines a person watching a canary reads: in time order, each step's line once. */
class RolloutNarratorTest {
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private static Progress progress(RolloutSpec spec, int stepIndex, Instant stepStartedAt, List<RolloutEvent> events) {
        Rollout r = Rollout.builder().revision(2).strategy(Strategy.CANARY).spec(spec).image(spec.image()).stableSlot(Slot.BLUE)
                .stableImage("shop:v1").candidateSlot(Slot.GREEN).phase(RolloutPhase.PROGRESSING).stepIndex(stepIndex)
                .startedAt(T0).stepStartedAt(stepStartedAt).events(events).build();
        return new Progress(spec.target(), DeliveryState.EMPTY.withActiveSlot(Slot.BLUE).withRollout(r), "1",
                Wait.available("shop-green", T0.plusSeconds(600)), Set.of());
    }

    private static RolloutEvent event(long second, String action, String detail) {
        return new RolloutEvent(T0.plusSeconds(second), "cli:alice", action, "", detail);
    }

    /** Start returned while the candidate came up: its step began with the rollout, before the lines start printed. */
    @Test
    void aStepThatBeganBeforeTheLinesPrintedBeforeItIsNotShownEarlierThanThem() {
        RolloutSpec spec = RolloutSpec.builder("shop-ns", "shop", "shop:v2").canary(CanaryStep.setWeight(50), CanaryStep.setWeight(100)).build();
        RolloutEvent start = event(1, "start", "canary of shop:v2 into shop-green");
        RolloutEvent deploy = event(4, "deploy", "shop-green runs shop:v2");
        RolloutNarrator narrator = new RolloutNarrator(at -> Duration.between(T0, at).toSeconds() + "s");
        List<String> lines = new ArrayList<>(narrator.lines(progress(spec, 0, T0, List.of(start, deploy))));
        lines.addAll(narrator.lines(progress(spec, 1, T0.plusSeconds(6), List.of(start, deploy, event(6, "setWeight", "50% to shop-green")))));

        assertThat(lines.stream().filter(l -> l.contains("step ")).toList()).as(String.join("\n", lines)).hasSize(2);
        List<Long> times = lines.stream().map(l -> Long.parseLong(l.substring(0, l.indexOf('s')))).toList();
        assertThat(times).as("in time order:%n%s", String.join("\n", lines)).isSorted();
        assertThat(lines.get(0)).contains("start");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("4s  step 1/2: set weight 50%"));
    }
}
