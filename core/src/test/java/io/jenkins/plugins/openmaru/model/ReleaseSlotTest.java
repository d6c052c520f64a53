package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;

/** Only a rolling release and rollout run outside the slots; every other one must name its slot. */
class ReleaseSlotTest {
    private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    private static Release release(Slot slot, Strategy strategy) {
        return new Release(1, "registry/shop:1.0", slot, strategy, ReleaseOutcome.DEPLOYED, AT, "alice", "", 0, Map.of());
    }

    private static Rollout rollout(Slot candidate, Strategy strategy) {
        return Rollout.builder().revision(1).strategy(strategy).image("registry/shop:1.0").candidateSlot(candidate)
                .phase(RolloutPhase.PROGRESSING).startedAt(AT).build();
    }

    @ParameterizedTest
    @EnumSource(value = Strategy.class, names = "ROLLING", mode = EnumSource.Mode.EXCLUDE)
    @NullSource
    void aSlotReleaseWithoutASlotIsRefusedNamingTheField(Strategy strategy) {
        assertThatThrownBy(() -> release(null, strategy)).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("slot: missing; expected blue or green for a " + (strategy == null ? "rollback or drill" : strategy.label()));
        assertThat(release(Slot.GREEN, strategy).slot()).isEqualTo(Slot.GREEN);
        assertThatThrownBy(() -> rollout(null, strategy)).hasMessageContaining("candidateSlot");
    }

    @ParameterizedTest
    @EnumSource(value = Slot.class)
    @NullSource
    void aRollingReleaseHasNoSlotEvenWhenAnOlderVersionRecordedOne(Slot recorded) {
        assertThat(release(recorded, Strategy.ROLLING).slot()).isNull();
        assertThat(rollout(recorded, Strategy.ROLLING).candidateSlot()).isNull();
    }
}
