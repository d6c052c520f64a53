package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Descriptor.FormException;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Manage Jenkins » System » OPENMARU Delivery » Save: what the form submits is what is saved. */
class GlobalConfigurationFormTest {
    /** The cluster lists written to disk, in order (Descriptor.save() in Jenkins). */
    final List<List<String>> saved = new ArrayList<>();
    DeliveryConfiguration configuration;

    @BeforeEach
    void oneClusterConfigured() {
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl("https://api.prod.example.com:6443");
        configuration = new DeliveryConfiguration(List.of(prod), (id, run) -> null, ClusterClients::create, UnaryOperator.identity()) {
            @Override
            public synchronized void save() {
                saved.add(names(getClusters()));
            }
        };
    }

    private static List<String> names(List<DeliveryCluster> clusters) {
        return clusters.stream().map(c -> c.getName() + "@" + c.getApiUrl()).toList();
    }

    private boolean submit(String form) throws FormException {
        return configuration.configure(FormBinding.request(), JSONObject.fromObject(form));
    }

    @Test
    void removingTheLastClusterSavesAnEmptyList() throws Exception {
        assertThat(submit("{}")).as("an empty repeatable sends no clusters key").isTrue();

        assertThat(configuration.getClusters()).isEmpty();
        assertThat(saved).last().isEqualTo(List.of());
    }

    @Test
    void theSubmittedClustersReplaceTheConfiguredOnes() throws Exception {
        submit("""
                {"clusters": [
                  {"name": "east", "apiUrl": "https://api.east.example.com:6443", "defaultNamespace": "shop", "insecure": false,
                   "credentialsId": "east-token"},
                  {"name": "west", "apiUrl": "https://api.west.example.com:6443", "insecure": true}
                ]}""");

        assertThat(names(configuration.getClusters())).containsExactly("east@https://api.east.example.com:6443",
                "west@https://api.west.example.com:6443");
        assertThat(configuration.getClusters().get(0).getCredentialsId()).isEqualTo("east-token");
        assertThat(configuration.getClusters().get(1).isInsecure()).isTrue();
        assertThat(saved).last().isEqualTo(names(configuration.getClusters()));

        submit("""
                {"clusters": {"name": "north", "apiUrl": "https://api.north.example.com:6443"}}""");

        assertThat(names(configuration.getClusters())).as("a repeatable with one entry sends an object").containsExactly(
                "north@https://api.north.example.com:6443");
    }

    @Test
    void aBadApiUrlIsAFormExceptionNamingTheFieldAndNothingChanges() {
        assertThatThrownBy(() -> submit("""
                {"clusters": [{"name": "east", "apiUrl": "https://api.east.example.com:6443"}, {"name": "west", "apiUrl": "ftp://x"}]}"""))
                .isInstanceOfSatisfying(FormException.class, e -> assertThat(e.getFormField()).isEqualTo("apiUrl"))
                .hasMessage("clusters.apiUrl: ftp://x is not allowed; expected an http(s) URL such as https://api.ocp.example.com:6443");

        assertThat(names(configuration.getClusters())).containsExactly("prod@https://api.prod.example.com:6443");
        assertThat(saved).isEmpty();
    }

    @Test
    void aBadClusterNameIsAFormExceptionNamingTheField() {
        assertThatThrownBy(() -> submit("""
                {"clusters": {"name": "bad name", "apiUrl": "https://api.example.com:6443"}}"""))
                .isInstanceOfSatisfying(FormException.class, e -> assertThat(e.getFormField()).isEqualTo("name"))
                .hasMessageStartingWith("clusters.name: bad name is not allowed; expected a cluster name of letters, digits");

        assertThat(names(configuration.getClusters())).containsExactly("prod@https://api.prod.example.com:6443");
        assertThat(saved).isEmpty();
    }
}
