package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnalysisPolicyTest {

    @Test
    void aBuilderNamesOnlyWhatDiffersFromTheDefault() {
        AnalysisPolicy p = AnalysisPolicy.builder().count(5).onInconclusive(AnalysisPolicy.OnInconclusive.ABORT).build();
        assertThat(p).isEqualTo(new AnalysisPolicy(AnalysisPolicy.DEFAULT.interval(), 5, AnalysisPolicy.DEFAULT.failureLimit(),
                AnalysisPolicy.DEFAULT.inconclusiveLimit(), AnalysisPolicy.DEFAULT.consecutiveErrorLimit(), AnalysisPolicy.OnInconclusive.ABORT));
        assertThat(p.toBuilder().interval(Duration.ofSeconds(5)).build()).isEqualTo(
                new AnalysisPolicy(Duration.ofSeconds(5), 5, p.failureLimit(), p.inconclusiveLimit(), p.consecutiveErrorLimit(), p.onInconclusive()));
    }

    @Test
    void buildValidatesNamingTheField() {
        assertThatThrownBy(() -> AnalysisPolicy.builder()
                .count(0).build()).hasMessage("analysis.count: 0 is not allowed; expected an integer of at least 1");
    }
}
