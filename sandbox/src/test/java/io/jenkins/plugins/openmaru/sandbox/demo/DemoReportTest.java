package io.jenkins.plugins.openmaru.sandbox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoReportTest {
    private static ChapterResult chapter(String title, boolean ok) {
        return new ChapterResult(title, "ABORTED, v2 serves", ok ? "ABORTED, v2 serves" : "PROMOTED, v3 serves", ok, Duration.ofMillis(2500), "");
    }

    @Test
    void oneUnexpectedOutcomeMakesTheDemoFailAndTheTableSaysWhich() {
        DemoReport report = new DemoReport(List.of(chapter("canary v2 (healthy)", true), chapter("canary v3 (30 % errors)", false)),
                "HAProxy (2.6.12, pid 42)", Map.of("shop:v3", 42L), Duration.ofSeconds(20));

        assertThat(report.ok()).isFalse();
        assertThat(report.table())
                .containsPattern("ok +canary v2 \\(healthy\\)")
                .containsPattern("BAD +canary v3 \\(30 % errors\\) +ABORTED, v2 serves +PROMOTED, v3 serves +2\\.5 s")
                .contains("requests the router (HAProxy (2.6.12, pid 42)) served, per version:")
                .containsPattern("shop:v3 +42")
                .contains("Some outcomes were NOT as expected in 20.0 s");
    }

    @Test
    void aDemoWithNoChaptersIsNotASuccess() {
        assertThat(new DemoReport(List.of(), "builtin", Map.of(), Duration.ZERO).ok()).isFalse();
    }
}
