package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutSpecValidationTest {

    private static RolloutSpec.Builder spec(String image) {
        return RolloutSpec.builder("shop-prod", "shop", image);
    }

    private static void rejects(Runnable r, String field, String allowedFragment) {
        assertThatThrownBy(r::run).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field))
                .hasMessageContaining(allowedFragment);
    }

    @Test
    void aValidCanaryKeepsItsStepsAndDefaults() {
        RolloutSpec s = spec("registry/shop:2.0").canary(CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofMinutes(2)),
                CanaryStep.setWeight(50), CanaryStep.pause(), CanaryStep.setWeight(100)).build();
        assertThat(s.strategy()).isEqualTo(Strategy.CANARY);
        assertThat(((CanarySpec) s.strategySpec()).steps()).hasSize(5);
        assertThat(s.scaleDownDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.port()).isEqualTo(8080);
    }

    @Test
    void weightsMustStrictlyIncrease() {
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(30), CanaryStep.setWeight(20))), "steps[1].weight", "strictly increase");
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(30), CanaryStep.setWeight(30))), "steps[1].weight", "greater than the previous step's 30");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 101, 150})
    void weightsOutsideOneToHundredAreRejected(int weight) {
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(weight))), "steps[0].weight", "an integer from 1 to 100");
    }

    @Test
    void noSetWeightAfterTheFinalHundred() {
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(100), CanaryStep.pause(), CanaryStep.setWeight(100))),
                "steps[2].weight", "no setWeight after the weight reached 100");
    }

    @Test
    void weightsAboveMaxWeightAreRejected() {
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(10), CanaryStep.setWeight(60)), 50), "steps[1].weight", "at most maxWeight 50");
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(10)), 0), "maxWeight", "from 1 to 100");
    }

    @Test
    void emptyStepsAreRejected() {
        rejects(() -> new CanarySpec(List.of()), "steps", "at least one step");
        rejects(() -> new CanarySpec(null), "steps", "at least one step");
    }

    @Test
    void negativePausesAndGatelessAnalysesAreRejected() {
        rejects(() -> new CanarySpec(List.of(CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofSeconds(-1)))), "steps[1].pause", "non-negative");
        rejects(() -> new CanarySpec(List.of(CanaryStep.analysis(AnalysisPolicy.DEFAULT, List.of()))), "steps[0].analysis.gates", "at least one gate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry/shop", "shop", "registry:5000/shop", "shop:", "shop@sha256:abc", "reg/shop:bad tag", ""})
    void imagesWithoutTagOrDigestAreRejected(String image) {
        rejects(() -> spec(image).canary(CanaryStep.setWeight(10)).build(), "image", "a tag or digest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"registry/shop:2.0", "registry:5000/team/shop:v2", "shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void taggedAndDigestImagesAreAccepted(String image) {
        assertThat(spec(image).canary(CanaryStep.setWeight(10)).build().image()).isEqualTo(image);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Shop", "1shop", "shop_app", "shop-", "a-very-long-application-name-that-does-not-fit-into-resource-names"})
    void unusableAppNamesAreRejected(String app) {
        rejects(() -> new AppRef("ns", app), "app", "DNS-1035");
    }

    @Test
    void unusableNamespacesAndOptionsAreRejected() {
        rejects(() -> new AppRef("Prod", "shop"), "namespace", "DNS-1123");
        rejects(() -> spec("r/shop:1").canary(CanaryStep.setWeight(10)).replicas(0).build(), "replicas", "from 1 to 1000");
        rejects(() -> spec("r/shop:1").canary(CanaryStep.setWeight(10)).port(70000).build(), "port", "1 to 65535");
        rejects(() -> spec("r/shop:1").canary(CanaryStep.setWeight(10)).env(Map.of("1BAD", "x")).build(), "env", "variable name");
        rejects(() -> spec("r/shop:1").canary(CanaryStep.setWeight(10)).scaleDownDelay(Duration.ofSeconds(-1)).build(), "scaleDownDelay", "non-negative");
        rejects(() -> spec("r/shop:1").canary(CanaryStep.setWeight(10)).abortScaleDownDelay(Duration.ofSeconds(-1)).build(), "abortScaleDownDelay", "non-negative");
        rejects(() -> spec("r/shop:1").canary(CanaryStep.setWeight(10)).progressDeadline(Duration.ZERO).build(), "progressDeadline", "positive");
        rejects(() -> spec("r/shop:1").build(), "strategy", "canary");
    }

    @Test
    void durationsParseTheFormsUsersWrite() {
        assertThat(Durations.parse("pause", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("pause", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("pause", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
        for (String bad : new String[] {"soon", "-5s", "5", "5 m", "PT-1S", "1x"}) {
            rejects(() -> Durations.parse("steps[1].pause", bad), "steps[1].pause", "such as 500ms, 30s");
        }
    }
    @Test
    void bakeIsAPositiveDurationNoLongerThanScaleDownDelayOnARolloutWithGates() {
        CanaryStep analysis = CanaryStep.analysis(AnalysisPolicy.DEFAULT, List.of(GateSpec.readiness()));
        RolloutSpec ok = spec("registry/shop:2.0").canary(CanaryStep.setWeight(20), analysis).bake(Duration.ofMinutes(10)).build();
        assertThat(ok.bake()).isEqualTo(Duration.ofMinutes(10));
        assertThat(ok.strategySpec().bakeAnalysis()).contains((CanaryStep.Analysis) analysis);

        rejects(() -> spec("registry/shop:2.0").canary(CanaryStep.setWeight(20), analysis).bake(Duration.ofMinutes(15)).build(),
                "bake", "at most scaleDownDelay 10m");
        rejects(() -> spec("registry/shop:2.0").canary(CanaryStep.setWeight(20), analysis).bake(Duration.ZERO).build(), "bake", "a positive duration");
        rejects(() -> spec("registry/shop:2.0").canary(CanaryStep.setWeight(20)).bake(Duration.ofMinutes(5)).build(), "bake", "gates to measure");
        rejects(() -> spec("registry/shop:2.0").blueGreen(BlueGreenSpec.defaults()).bake(Duration.ofMinutes(5)).build(), "bake", "gates to measure");
        rejects(() -> spec("registry/shop:2.0").rolling(RollingSpec.defaults()).bake(Duration.ofMinutes(5)).build(), "bake", "canary or blue-green");
        assertThat(spec("registry/shop:2.0").blueGreen(BlueGreenSpec.defaults().withGates(null, List.of(GateSpec.readiness())))
                .scaleDownDelay(Duration.ofMinutes(30)).bake(Duration.ofMinutes(15)).build().bake()).isEqualTo(Duration.ofMinutes(15));
    }
}
