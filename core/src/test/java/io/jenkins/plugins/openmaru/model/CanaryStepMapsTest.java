package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Canary steps and analyses written as a Jenkinsfile writes them: durations as text with a unit or as whole seconds. */
class CanaryStepMapsTest {
    @Test
    void aPauseAndAnAnalysisIntervalTakeWholeSecondsOrText() {
        List<CanaryStep> steps = CanaryStepMaps.parse("steps", List.of(
                Map.of("weight", 10), Map.of("pause", 30), Map.of("pause", "2m"),
                Map.of("analysis", Map.of("gates", List.of("readiness"), "interval", 5, "count", 2))));
        assertThat(steps.get(1)).isEqualTo(CanaryStep.pause(Duration.ofSeconds(30)));
        assertThat(steps.get(2)).isEqualTo(CanaryStep.pause(Duration.ofMinutes(2)));
        CanaryStep.Analysis analysis = (CanaryStep.Analysis) steps.get(3);
        assertThat(analysis.policy().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(analysis.policy().count()).isEqualTo(2);
        assertThatThrownBy(() -> CanaryStepMaps.parse("steps", List.of(Map.of("pause", "30"))))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("steps[0].pause: 30 is not allowed");
    }

    @Test
    void aPolicyMapNamesAKeyItDoesNotKnow() {
        assertThatThrownBy(() -> CanaryStepMaps.policy("analysis", Map.of("every", "1s")))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("analysis.every: 1s is not allowed; expected one of");
    }
}
