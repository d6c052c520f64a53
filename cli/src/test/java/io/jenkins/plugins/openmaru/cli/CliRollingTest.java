package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code openmaru rolling} end to end against a sandbox: the Deployment in the API server, history, bad input. */
class CliRollingTest {
    static final String IMAGE = "quay.io/acme/web:";
    @RegisterExtension
    static final CliHarness cli = new CliHarness();

    private Deployment deployment(String ns) {
        return cli.sandbox.client().apps().deployments().inNamespace(ns).withName("web").get();
    }

    @Test
    void aRollingUpdateChangesTheOneDeploymentInPlaceAndIsRecorded() {
        String ns = CliHarness.freshNamespace();
        CliHarness.Run first = cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v1");
        assertThat(first.exit()).as(first.err()).isZero();

        CliHarness.Run second = cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v2", "--max-surge", "1", "--max-unavailable", "0");
        assertThat(second.exit()).as(second.err()).isZero();

        Deployment d = deployment(ns);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE + "v2");
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
        assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        CliHarness.Run history = cli.run("-n", ns, "history", "web", "-o", "json");
        assertThat(history.json().get("releases")).extracting(r -> r.get("image").asText()).containsExactly(IMAGE + "v2", IMAGE + "v1");
    }

    // Found by the fault matrix: the rolling gates went to http://web.NS.svc, which does not resolve outside the cluster.
    @Test
    void anHttpGateOfARollingUpdateReachesTheAppThroughTheServiceProxy() {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v1").exit()).isZero();

        CliHarness.Run second = cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v2", "--gate", "http:/health",
                "--analysis-interval", "1s", "--analysis-count", "1");

        assertThat(second.exit()).as(second.out() + second.err()).isZero();
        // The progress line is cut to 80 columns; the gate's full evidence is in the status document.
        CliHarness.Run status = cli.run("-n", ns, "status", "web", "-o", "json");
        assertThat(status.json().get("gateResults").toString()).contains("/api/v1/namespaces/" + ns + "/services/web:8080/proxy/health");
        CliHarness.Run history = cli.run("-n", ns, "history", "web", "-o", "json");
        assertThat(history.json().get("releases")).extracting(r -> r.get("image").asText() + " " + r.get("outcome").asText())
                .containsExactly(IMAGE + "v2 PROMOTED", IMAGE + "v1 DEPLOYED");
    }

    @Test
    void badMaxSurgeIsRefusedNamingTheFieldBeforeAnyWrite() {
        String ns = CliHarness.freshNamespace();
        CliHarness.Run run = cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v1", "--max-surge", "lots");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("maxSurge").contains("lots");
        assertThat(deployment(ns)).isNull();
    }

    @Test
    void rollingReleasesAndTheirRollbackShowNoSlotInStatusHistoryPlanAndTheStateConfigMap() {
        String ns = CliHarness.freshNamespace();
        assertThat(cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v1").exit()).isZero();
        assertThat(cli.run("-n", ns, "rolling", "web", "--image", IMAGE + "v2").exit()).isZero();

        CliHarness.Run status = cli.run("-n", ns, "status", "web");
        assertThat(status.out()).contains("stable     " + IMAGE + "v2, revision 2").doesNotContain("slot");
        JsonNode json = cli.run("-n", ns, "status", "web", "-o", "json").json();
        assertThat(json.get("stable").has("slot")).isFalse();
        assertThat(json.get("activeSlot").isNull()).isTrue();
        CliHarness.Run plan = cli.run("-n", ns, "plan", "web", "--strategy", "rolling", "--image", IMAGE + "v3");
        assertThat(plan.out()).as(plan.err()).contains("stable " + IMAGE + "v2, revision 2").doesNotContain("in slot");
        JsonNode planJson = cli.run("-n", ns, "plan", "web", "--strategy", "rolling", "--image", IMAGE + "v3", "-o", "json").json();
        assertThat(planJson.get("current").get("stable").has("slot")).isFalse();
        assertThat(planJson.get("current").get("stable").get("revision").asInt()).isEqualTo(2);

        CliHarness.Run rollback = cli.run("-n", ns, "rollback", "web", "--comment", "break-glass");

        assertThat(rollback.exit()).as(rollback.out() + rollback.err()).isZero();
        assertThat(deployment(ns).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE + "v1");
        JsonNode releases = cli.run("-n", ns, "history", "web", "-o", "json").json().get("releases");
        assertThat(releases).extracting(r -> r.get("revision").asInt() + " " + r.get("outcome").asText())
                .containsExactly("3 ROLLED_BACK", "2 PROMOTED", "1 DEPLOYED");
        assertThat(releases).allSatisfy(r -> assertThat(r.has("slot")).as(r.toString()).isFalse());
        String persisted = cli.sandbox.client().configMaps().inNamespace(ns).withName("web-delivery").get().getData().get("history.json");
        assertThat(persisted).contains("\"ROLLED_BACK\"").doesNotContain("slot");
    }
}
