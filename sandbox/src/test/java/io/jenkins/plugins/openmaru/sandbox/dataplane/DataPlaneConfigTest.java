package io.jenkins.plugins.openmaru.sandbox.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.openmaru.model.ValidationException;
import org.junit.jupiter.api.Test;

class DataPlaneConfigTest {

    @Test
    void rejectsOutOfRangeValuesNamingTheOption() {
        assertThatThrownBy(() -> DataPlaneConfig.defaults().withTrafficRps(1000))
                .isInstanceOf(ValidationException.class)
                .hasMessage("traffic-rps: 1000 is not allowed; expected an integer from 0 to 200");
        assertThatThrownBy(() -> DataPlaneConfig.defaults().withRouterPort(70000))
                .isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("router-port: 70000 is not allowed");
        assertThatThrownBy(() -> DataPlaneConfig.defaults().withMetricsPort(-1))
                .hasMessageStartingWith("metrics-port: -1 is not allowed");
        assertThatThrownBy(() -> DataPlaneConfig.defaults().withRouteDomain("Apps_Local"))
                .hasMessageStartingWith("route-domain: Apps_Local is not allowed; expected a DNS name");
    }

    @Test
    void aBlankNamespaceMeansAllNamespaces() {
        assertThat(DataPlaneConfig.defaults().withNamespace(" ").namespace()).isEmpty();
        assertThat(DataPlaneConfig.defaults().withNamespace("shop").namespace()).contains("shop");
    }
}
