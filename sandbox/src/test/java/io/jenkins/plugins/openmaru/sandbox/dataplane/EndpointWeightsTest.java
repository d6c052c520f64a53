package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointWeightsTest {

    @Test
    void aServicesWeightIsDividedAmongItsEndpointsAndTheLargestShareScaledTo256() {
        // 20 over 2 endpoints is 10 each, 10 over 4 is 2.5 each: scaled by 25.6, 256 and 64
        assertThat(EndpointWeights.of(Map.of("a", 20, "b", 10), Map.of("a", 2, "b", 4))).containsOnly(Map.entry("a", 256), Map.entry("b", 64));
        assertThat(EndpointWeights.of(Map.of("stable", 90, "canary", 10), Map.of("stable", 1, "canary", 1)))
                .containsOnly(Map.entry("stable", 256), Map.entry("canary", 28));
    }

    @Test
    void aShareTooSmallToScaleStillGetsOneAndZeroStaysZero() {
        assertThat(EndpointWeights.of(Map.of("a", 256, "b", 1, "c", 0), Map.of("a", 1, "b", 10, "c", 3)))
                .containsOnly(Map.entry("a", 256), Map.entry("b", 1), Map.entry("c", 0));
    }

    @Test
    void everyWeightZeroOrNoEndpointsGivesZero() {
        assertThat(EndpointWeights.of(Map.of("a", 0, "b", 0), Map.of("a", 1, "b", 1))).containsOnly(Map.entry("a", 0), Map.entry("b", 0));
        assertThat(EndpointWeights.of(Map.of("a", 50, "b", 50), Map.of("b", 2))).containsOnly(Map.entry("a", 0), Map.entry("b", 256));
    }
}
