package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/** openmaruRollbackDrill driven as Pipeline drives it, against the sandbox (pods that answer the health URL). */
@Tag("slow")
class RollbackDrillStepTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** How long the drill sandbox's Deployments take to become available (see DrillCluster). */
    static final Duration SLOT_DELAY = Duration.ofMillis(20);
    final DrillCluster sandbox = DrillCluster.shared();
    AppRef app;
    AutoCloseable configuration;
    final List<KubernetesClient> stepClients = new CopyOnWriteArrayList<>();

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
        return DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(sim), (id, run) -> null, config -> {
            KubernetesClient c = ClusterClients.create(config);
            stepClients.add(c);
            return c;
        }, c -> c));
    }

    /** Closes every client the plugin opened so far: what a Jenkins restart does to connections of the old JVM. */
    private void dropPluginConnections() {
        stepClients.forEach(KubernetesClient::close);
        stepClients.clear();
    }

    @AfterEach
    void tearDown() throws Exception {
        configuration.close();
        dropPluginConnections();
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
    @SuppressWarnings("unchecked")
    void moreDrillsThanPoolThreadsWaitForTheirColdSlotsAtOnceAndAllPass() throws Exception {
        List<AppRef> apps = new ArrayList<>(List.of(app));
        for (int i = 1; i < 6; i++) {
            AppRef other = DrillCluster.freshApp();
            sandbox.release(other, "quay.io/acme/shop:1.0", Map.of());
            sandbox.release(other, "quay.io/acme/shop:2.0", Map.of());
            apps.add(other);
        }
        apps.forEach(a -> scaleToZero(a, Slot.BLUE));
        // the slots scale up but do not become available until released below
        sandbox.cluster.deployments().setDelay("shop", Duration.ofDays(1));
        try {
            List<TestStepContext> drills = new ArrayList<>();
            for (AppRef a : apps) {
                RollbackDrillStep s = drill("prod");
                s.setNamespace(a.namespace());
                TestStepContext c = context(new BuildLog());
                c.start(s);
                drills.add(c);
            }

            await("all six drills wait for their slot at the same time").atMost(TIMEOUT).until(() -> apps.stream().allMatch(this::rollingBack));
            assertThat(DeliveryExecutor.get().submit(() -> "free").get(5, TimeUnit.SECONDS)).as("the shared pool still runs other work").isEqualTo("free");

            sandbox.cluster.deployments().setDelay("shop", SLOT_DELAY);
            apps.forEach(a -> sandbox.client.apps().deployments().inNamespace(a.namespace()).withName("shop-blue").edit(d -> {
                d.getMetadata().getAnnotations().put("test/released", "true");
                return d;
            }));
            for (TestStepContext c : drills) {
                Map<String, Object> result = (Map<String, Object>) c.awaitSuccess(TIMEOUT);
                assertThat(result).containsEntry("outcome", "PASSED");
                assertThat((List<Map<String, Object>>) result.get("phases")).first().satisfies(p -> assertThat(p).containsEntry("scaledUp", true));
            }
        } finally {
            sandbox.cluster.deployments().setDelay("shop", SLOT_DELAY);
        }
    }

    @Test
    void stoppingADrillThatWaitsForItsSlotAbandonsTheRollbackAndKeepsTheServingRelease() throws Exception {
        scaleToZero(app, Slot.BLUE);
        sandbox.cluster.deployments().setDelay("shop", Duration.ofDays(1));
        try {
            TestStepContext c = context(new BuildLog());
            StepExecution e = c.start(drill("prod"));
            await().atMost(TIMEOUT).until(() -> rollingBack(app));

            InterruptedException cause = new InterruptedException("Aborted by carol");
            e.stop(cause);

            assertThat(c.awaitFailure(TIMEOUT)).isSameAs(cause);
            await().atMost(TIMEOUT).until(() -> !state().inProgress());
            assertThat(state().serving().orElseThrow().image()).isEqualTo("quay.io/acme/shop:2.0");
            assertThat(routeTarget(app)).isEqualTo("shop-green");
            assertThat(new RolloutEngine(sandbox.client, sandbox.config("reader")).leaseHolder(app)).isEmpty();
        } finally {
            sandbox.cluster.deployments().setDelay("shop", SLOT_DELAY);
        }
    }

    /** A rollback of this drill is in progress: the drill has switched nothing yet and waits for its slot. */
    private boolean rollingBack(AppRef a) {
        DeliveryState s = new RolloutEngine(sandbox.client, sandbox.config("reader")).status(a);
        return s.inProgress() && s.rollout().isRollback() && s.rollout().driver().equals("drill:jenkins:drills#3");
    }

    private void scaleToZero(AppRef a, Slot slot) {
        new SlotWorkloads(sandbox.client, a).scale(slot, 0);
        await().atMost(TIMEOUT).until(() -> {
            var status = new SlotWorkloads(sandbox.client, a).get(slot).getStatus();
            return status != null && Integer.valueOf(0).equals(status.getReplicas());
        });
    }

    @Test
    void aDrillResumedAfterARestartPutsBackTheReleaseThatServedBeforeIt() throws Exception {
        // the serving release answers slowly: while the drill checks it before rolling forward, 1.0 serves
        AppRef slow = DrillCluster.freshApp();
        sandbox.release(slow, "quay.io/acme/shop:1.0", Map.of());
        sandbox.release(slow, "quay.io/acme/shop:2.0", Map.of("SANDBOX_LATENCY_MS", "400"));
        RollbackDrillStep s = drill("prod");
        s.setNamespace(slow.namespace());
        TestStepContext before = context(new BuildLog());
        before.start(s);
        await().atMost(TIMEOUT).until(() -> routeTarget(slow).equals("shop-blue"));

        dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();
        restarted.execution().onResume();

        assertThat(restarted.context().awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("Jenkins restarted during the rollback drill of " + slow);
        assertThat(routeTarget(slow)).isEqualTo("shop-green");
        DeliveryState after = new RolloutEngine(sandbox.client, sandbox.config("reader")).status(slow);
        assertThat(after.serving().orElseThrow().image()).isEqualTo("quay.io/acme/shop:2.0");
        assertThat(after.inProgress()).isFalse();
    }

    private String routeTarget(AppRef a) {
        return sandbox.client.resources(Route.class).inNamespace(a.namespace()).withName("shop").get().getSpec().getTo().getName();
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
