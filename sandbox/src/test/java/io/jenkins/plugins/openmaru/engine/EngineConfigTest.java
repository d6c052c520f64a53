package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.traffic.TrafficRouterFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void eachWithChangesOneValueAndKeepsTheOthers() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        StrategyHandler extra = new RollingStrategy();
        EngineConfig jenkins = EngineConfig.of("jenkins:shop#1").withClock(clock).withLeaseDuration(Duration.ofSeconds(20))
                .withRouters(TrafficRouterFactory.OPENSHIFT_ROUTE).withStrategy(extra);

        EngineConfig drill = jenkins.withIdentity("drill:jenkins:shop#1");

        assertThat(drill.identity()).isEqualTo("drill:jenkins:shop#1");
        assertThat(drill).isEqualTo(new EngineConfig("drill:jenkins:shop#1", clock, Duration.ofSeconds(20), jenkins.gates(),
                jenkins.endpoints(), TrafficRouterFactory.OPENSHIFT_ROUTE, List.of(extra), jenkins.guardrails(), null));
        assertThat(jenkins.identity()).isEqualTo("jenkins:shop#1");
    }
}
