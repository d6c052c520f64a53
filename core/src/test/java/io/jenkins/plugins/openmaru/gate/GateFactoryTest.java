package io.jenkins.plugins.openmaru.gate;

import static io.jenkins.plugins.openmaru.gate.GateTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GateFactoryTest {

    @Test
    void namesEachGateAfterItsSpec() {
        GateFactory f = factory(URI.create("http://prometheus:9090"), null);
        assertThat(f.apply(GateSpec.readiness()).name()).isEqualTo("readiness");
        assertThat(f.apply(GateSpec.parse("http:/health:0.9")).name()).isEqualTo("http:/health");
        assertThat(f.apply(GateSpec.parse("prometheus:up<1")).name()).isEqualTo("prometheus:up<1");
        assertThat(f.apply(GateSpec.parse("preset:micrometer-p99-latency")).name()).isEqualTo("micrometer-p99-latency");
    }

    @Test
    void aPrometheusGateNeedsAServer() {
        assertThatThrownBy(() -> factory(null, null).apply(GateSpec.parse("prometheus:up<1")))
                .isInstanceOf(ValidationException.class)
                .hasMessage("prometheus: no Prometheus server URL configured; set the gate's url");
    }

    @Test
    void manualGatesAreLeftToTheEngine() {
        assertThatThrownBy(() -> factory(null, null).apply(GateSpec.manual(Duration.ofMinutes(5), "abort")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the engine waits for it");
    }

    @Test
    void theTokenNeverShowsInTheServersDescription() {
        assertThat(new ServiceCredential(URI.create("http://p:9090"), "s3cr3t").toString())
                .isEqualTo("ServiceCredential[url=http://p:9090, secret=****]");
    }
}
