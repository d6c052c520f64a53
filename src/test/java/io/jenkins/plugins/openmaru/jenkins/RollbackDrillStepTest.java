package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.drill.DrillCluster;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/** openmaruRollbackDrill driven as Pipeline drives it, against the sandbox (pods that answer the health URL). */
class RollbackDrillStepTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    final DrillCluster sandbox = DrillCluster.shared();
    AppRef app;
    AutoCloseable configuration;

    @BeforeEach
    void twoReleasesOnTheConfiguredCluster() {
        app = DrillCluster.freshApp();
        sandbox.release(app, "quay.io/acme/shop:1.0", Map.of());
        sandbox.release(app, "quay.io/acme/shop:2.0", Map.of());
        configuration = configure(false);
    }

    /** The production wiring: by default slots are reached through the API server (their Service names resolve only in a cluster). */
    private AutoCloseable configure(boolean inClusterDns) {
        DeliveryCluster sim = new DeliveryCluster("sim");
        sim.setApiUrl(sandbox.cluster.url());
        sim.setInsecure(true);
        sim.setDefaultNamespace(app.namespace());
        sim.setInClusterDns(inClusterDns);
        return DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(sim), (id, run) -> null,
                io.jenkins.plugins.openmaru.engine.ClusterClients::create, c -> c));
    }

    @AfterEach
    void tearDown() throws Exception {
        configuration.close();
    }

    private static TestStepContext context(BuildLog log) throws Exception {
        return new TestStepContext().with(Run.class, new FakeBuild("drills", 3)).with(TaskListener.class, log);
    }

    private static RollbackDrillStep drill(String env) {
        RollbackDrillStep s = new RollbackDrillStep("shop");
        s.setEnvironment(env);
        s.setMaxTimeToRestore("1m");
        return s;
    }

    private DeliveryState state() {
        return new RolloutEngine(sandbox.client, sandbox.config("reader")).status(app);
    }

    @Test
    @SuppressWarnings("unchecked")
    void passingDrillReturnsItsMeasurementsAndRecordsTheBuildAsActor() throws Exception {
        sandbox.cluster.clearRequests();
        BuildLog log = new BuildLog();
        TestStepContext c = context(log);
        StepExecution e = drill("prod").start(c);

        assertThat(e.start()).as("the step must not complete on the CPS thread").isFalse();
        Map<String, Object> result = (Map<String, Object>) c.awaitSuccess(TIMEOUT);

        assertThat(result).containsEntry("outcome", "PASSED").containsEntry("environment", "prod").containsEntry("servingRevision", 2);
        List<Map<String, Object>> phases = (List<Map<String, Object>>) result.get("phases");
        assertThat(phases).extracting(p -> p.get("phase")).containsExactly("rollback", "roll-forward");
        assertThat(phases).allSatisfy(p -> assertThat((Long) p.get("timeToRestoreMillis")).isBetween(0L, 60_000L));
        assertThat(phases.get(0)).containsEntry("toRevision", 1).containsEntry("scaledUp", false);
        assertThat(log.text()).contains("[openmaru] plan: rollback: shop-blue is warm with revision 1", "[openmaru] drill PASSED: ");
        assertThat(e.getStatus()).isEqualTo("rollback drill of " + app + " PASSED");
        Release entry = state().history().get(state().history().size() - 1);
        assertThat(entry.outcome()).isEqualTo(ReleaseOutcome.DRILL);
        assertThat(entry.actor()).isEqualTo("jenkins:drills#3");
        assertThat(sandbox.cluster.requests()).as("the health gate reached each slot through the API server's service proxy")
                .extracting(ApiRequest::path)
                .contains("/api/v1/namespaces/" + app.namespace() + "/services/shop-blue:8080/proxy/health",
                        "/api/v1/namespaces/" + app.namespace() + "/services/shop-green:8080/proxy/health");
    }

    @Test
    void withInClusterDnsTheGatesUseTheSlotServicesNames() throws Exception {
        configuration.close();
        configuration = configure(true);
        TestStepContext c = context(new BuildLog());
        drill("prod").start(c).start();

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("GET http://shop-blue." + app.namespace() + ".svc:8080/health x10: 10 x no connection");
        assertThat(state().serving().orElseThrow().image()).isEqualTo("quay.io/acme/shop:2.0");
    }

    @Test
    void badArgumentsFailTheStepBeforeAnythingIsWritten() throws Exception {
        RollbackDrillStep s = drill("prod");
        s.setMaxTimeToRestore("soon");
        sandbox.cluster.clearRequests();

        assertThatThrownBy(() -> s.start(context(new BuildLog())))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("maxTimeToRestore: soon is not allowed; expected");
        RollbackDrillStep manual = drill("prod");
        manual.setGates(List.of("http:/ready", "manual"));
        assertThatThrownBy(() -> manual.start(context(new BuildLog())))
                .hasMessageStartingWith("gates[1]: manual is not allowed");
        assertThat(sandbox.cluster.requests()).noneMatch(ApiRequest::mutating);
    }

    @Test
    void refusedWhileABuildRollsOutNamingIt() throws Exception {
        new RolloutEngine(sandbox.client, sandbox.config("jenkins:shop-deploy#9")).start(RolloutSpec.builder(app.namespace(), "shop",
                "quay.io/acme/shop:3.0").canary(CanaryStep.setWeight(10), CanaryStep.pause()).build(), Actor.of("alice"));
        TestStepContext c = context(new BuildLog());
        drill("prod").start(c).start();

        Throwable failure = c.awaitFailure(TIMEOUT);

        assertThat(failure).isInstanceOf(AbortException.class).hasMessageContaining("driven by jenkins:shop-deploy#9");
        assertThat(state().history()).extracting(Release::outcome).doesNotContain(ReleaseOutcome.DRILL);
    }

    @Test
    void reportDirNeedsAWorkspace() throws Exception {
        RollbackDrillStep s = drill("prod");
        s.setReportDir("drills");

        assertThatThrownBy(() -> s.start(context(new BuildLog())).start())
                .isInstanceOf(AbortException.class)
                .hasMessage("reportDir: drills needs a workspace; run openmaruRollbackDrill inside node { }");
    }

    @Test
    void dryRunLogsThePlanAndSucceedsWithoutWriting() throws Exception {
        RollbackDrillStep s = drill("");
        s.setDryRun(true);
        BuildLog log = new BuildLog();
        TestStepContext c = context(log);
        sandbox.cluster.clearRequests();
        s.start(c).start();

        assertThat(c.awaitSuccess(TIMEOUT)).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("outcome", "PLANNED");
        assertThat(log.text()).contains("[openmaru] plan: rollback: send 100% to shop-blue");
        assertThat(sandbox.cluster.requests()).noneMatch(r -> r.mutating() && r.path().contains("/namespaces/" + app.namespace() + "/"));
    }
}
