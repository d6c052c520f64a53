package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrategyTest {

    @Test
    void printsBlueGreenWithAHyphen() {
        assertThat(Strategy.labels()).containsExactly("canary", "blue-green", "rolling");
        assertThat(Strategy.allowed()).isEqualTo("canary, blue-green or rolling");
    }

    @ParameterizedTest
    @ValueSource(strings = {"blue-green", "bluegreen", "blueGreen", "blue_green", "BLUE_GREEN", " Blue-Green "})
    void parsesTheLabelAndTheSpellingsAcceptedBeforeIt(String text) {
        assertThat(Strategy.parse("strategy", text)).isEqualTo(Strategy.BLUE_GREEN);
    }

    @Test
    void rejectsOthersNamingTheFieldAndTheLabels() {
        assertThatThrownBy(() -> Strategy.parse("--strategy", "blue"))
                .hasMessage("--strategy: blue is not allowed; expected canary, blue-green or rolling");
        assertThatThrownBy(() -> Strategy.parse("--strategy", "blue--green")).hasMessageStartingWith("--strategy: blue--green is not allowed");
    }
}
