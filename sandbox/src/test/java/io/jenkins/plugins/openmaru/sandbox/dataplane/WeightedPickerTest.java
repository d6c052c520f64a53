package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WeightedPickerTest {

    private static SimulatedPod pod(String version) {
        return new SimulatedPod(version, new PodLabels("ns", "shop", version),
                new PodBehaviour(version, 0, Duration.ZERO, PodBehaviour.Readiness.PASSING, "/health"), new RequestMetrics());
    }

    private static Map<String, Long> pick(WeightedPicker picker, int n) {
        return IntStream.range(0, n).mapToObj(i -> picker.next().orElseThrow().name())
                .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    @Test
    void roundRobinIsExactAndInterleaved() {
        WeightedPicker picker = new WeightedPicker(List.of(
                new WeightedPicker.Target(pod("v1"), 20), new WeightedPicker.Target(pod("v2"), 80)), RouteRule.Balance.ROUNDROBIN);

        List<String> firstFive = IntStream.range(0, 5).mapToObj(i -> picker.next().orElseThrow().name()).toList();

        assertThat(firstFive).containsExactlyInAnyOrder("v1", "v2", "v2", "v2", "v2");
        assertThat(firstFive.get(0)).isEqualTo("v2");
        assertThat(pick(picker, 1000)).containsExactly(Map.entry("v1", 200L), Map.entry("v2", 800L));
    }

    @Test
    void weightZeroGetsNothingAndNoWeightGivesNoPod() {
        WeightedPicker picker = new WeightedPicker(List.of(
                new WeightedPicker.Target(pod("v1"), 0), new WeightedPicker.Target(pod("v2"), 256)), RouteRule.Balance.RANDOM);

        assertThat(pick(picker, 500)).containsExactly(Map.entry("v2", 500L));
        assertThat(new WeightedPicker(List.of(new WeightedPicker.Target(pod("v1"), 0)), RouteRule.Balance.ROUNDROBIN).next()).isEmpty();
    }
}
