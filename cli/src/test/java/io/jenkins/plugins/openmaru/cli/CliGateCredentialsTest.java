package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.gate.ServiceCredential;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI finds every service's server the same way: its options, then $OPENMARU_<SERVICE>_URL and _TOKEN. */
class CliGateCredentialsTest {

    @Test
    void prometheusUrlOptionComesFirstThenTheEnvironment() {
        Map<String, String> env = Map.of("OPENMARU_PROMETHEUS_URL", "http://env-prometheus:9090", "OPENMARU_PROMETHEUS_TOKEN", "t0ken");
        assertThat(new CliGateCredentials(URI.create("http://option:9090"), env::get).server("prometheus"))
                .contains(new ServiceCredential(URI.create("http://option:9090"), "t0ken"));
        assertThat(new CliGateCredentials(null, env::get).server("prometheus"))
                .contains(new ServiceCredential(URI.create("http://env-prometheus:9090"), "t0ken"));
    }

    @Test
    void anyServiceIsFoundByItsVariables() {
        Map<String, String> env = Map.of("OPENMARU_DATADOG_URL", "https://api.datadoghq.eu", "OPENMARU_DATADOG_TOKEN", "dd-key");
        assertThat(new CliGateCredentials(null, env::get).server("datadog"))
                .contains(new ServiceCredential(URI.create("https://api.datadoghq.eu"), "dd-key"));
        assertThat(new CliGateCredentials(null, env::get).server("prometheus")).isEmpty();
    }

    @Test
    void aBadUrlNamesTheVariableWithoutEchoingItsValue() {
        Map<String, String> env = Map.of("OPENMARU_PROMETHEUS_URL", "ftp://user:pa55@host");
        assertThatThrownBy(() -> new CliGateCredentials(null, env::get).server("prometheus"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("$OPENMARU_PROMETHEUS_URL: is not an http(s) URL");
    }

    @Test
    void aGateWithoutAServerSaysWhereTheCliLooks() {
        GateFactory gates = new GateFactory(new CliGateCredentials(null, name -> null));
        assertThatThrownBy(() -> gates.apply(GateSpec.parse("prometheus:up<1")))
                .hasMessage("prometheus: no Prometheus server URL configured; pass --prometheus-url URL, e.g. --prometheus-url"
                        + " http://prometheus:9090, or set $OPENMARU_PROMETHEUS_URL (a bearer token, if it needs one, in $OPENMARU_PROMETHEUS_TOKEN)");
    }
}
