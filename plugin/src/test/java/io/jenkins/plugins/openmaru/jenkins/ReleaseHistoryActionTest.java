package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryActionTest.loginAs;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Action;
import hudson.model.Item;
import hudson.security.AccessDeniedException3;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.jenkins.FakeBuild.FakeJob;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The job's Release History: releases listed live from the cluster, newest first, and a Rollback per
 * release with the build page's rules (POST, Build on the job, approvers, comment, one of two clicks).
 */
class ReleaseHistoryActionTest {
    DeliveryFixture f;
    FakeJob job;
    ReleaseHistoryAction history;
    String key;

    /** Revision 1 (1.0) deployed by another job, revision 2 (2.0) promoted by build #1 of this job, whose step names approvers. */
    @BeforeEach
    void twoReleases() throws Exception {
        f = new DeliveryFixture(DeliveryFixture.sharedCluster());
        f.firstRelease("registry/shop:1.0");
        job = new FakeJob("shop-deploy");
        TestStepContext c = context(new FakeBuild(job, 1), new BuildLog());
        CanaryRolloutStep step = canary("registry/shop:2.0", List.of(Map.of("weight", 100)));
        step.setApprovers("alice, release-managers");
        start(step, c);
        c.awaitSuccess(TIMEOUT);
        history = historyOf(job);
        key = "sim:" + f.namespace + "/shop";
    }

    @AfterEach
    void tearDown() throws Exception {
        SecurityContextHolder.clearContext();
        f.close();
    }

    private static ReleaseHistoryAction historyOf(FakeJob job) {
        Collection<? extends Action> actions = new ReleaseHistoryFactory().createFor(job);
        assertThat(actions).hasSize(1);
        return (ReleaseHistoryAction) actions.iterator().next();
    }

    private FakeHttp.Served rollback(Map<String, String> params) throws Exception {
        return FakeHttp.serve(history.doRollback(FakeHttp.request("POST", params)));
    }

    private Map<String, String> rollbackTo1(String comment) {
        Map<String, String> p = new HashMap<>(Map.of("target", key, "toRevision", "1", "servingRevision", "2"));
        if (comment != null) {
            p.put("comment", comment);
        }
        return p;
    }

    private void assertNothingChanged() {
        assertThat(f.routeTarget()).isEqualTo("shop-green");
        assertThat(f.state().history()).extracting(Release::revision).containsExactly(1, 2);
    }

    @Test
    void listsEachAppsReleasesNewestFirstAndMarksTheServingOne() throws Exception {
        TestStepContext c = context(new FakeBuild(job, 2), new BuildLog());
        CanaryRolloutStep newest = canary("registry/shop:3.0", List.of(Map.of("weight", 20), Map.of("pause", "manual")));
        newest.setApprovers("alice");
        StepExecution paused = start(newest, c);
        awaitStatus(paused, "waiting for promote or abort");
        loginAs("bob");
        FakeHttp.serve(job.getLastBuild().getAction(DeliveryAction.class).doAbort(FakeHttp.request("POST", Map.of("target", key, "comment", "p99 up"))));
        c.awaitFailure(TIMEOUT);

        List<AppView> apps = historyOf(job).getApps();

        assertThat(apps).hasSize(1);
        AppView shop = apps.get(0);
        assertThat(shop.getTarget().getKey()).isEqualTo(key);
        assertThat(shop.getTarget().getApprovers()).as("the newest step's rule").isEqualTo("alice");
        assertThat(shop.getReleases()).extracting(r -> r.release().revision()).containsExactly(3, 2, 1);
        assertThat(shop.getReleases()).extracting(r -> r.release().image()).containsExactly("registry/shop:3.0", "registry/shop:2.0", "registry/shop:1.0");
        assertThat(shop.getReleases()).extracting(r -> r.release().outcome()).containsExactly(ReleaseOutcome.ABORTED, ReleaseOutcome.PROMOTED, ReleaseOutcome.DEPLOYED);
        assertThat(shop.getReleases()).extracting(ReleaseRow::serving).containsExactly(false, true, false);
        assertThat(shop.getReleases()).extracting(ReleaseRow::whyNot).containsExactly("never served all traffic", "serving now", null);
        assertThat(shop.getReleases().get(0).release().actor()).isEqualTo("bob");
        assertThat(shop.getReleases().get(0).release().comment()).isEqualTo("p99 up");
        assertThat(shop.getDora().getRows()).extracting(DoraChart.Row::label).containsExactly("7d", "30d", "90d");
        assertThat(shop.getDora().getRows().get(0).figures()).isEqualTo("2 deploys (0.29/day), change failure 0% (0/2), lead time unknown (2 without commit time)");
        assertThat(shop.getDora().getRows().get(0).failureWidth()).isZero();
    }

    @Test
    void onlyJobsWhoseRecentBuildsDroveARolloutHaveAReleaseHistory() throws Exception {
        FakeJob unitTests = new FakeJob("unit-tests");
        new FakeBuild(unitTests, 1);
        FakeJob nightly = new FakeJob("nightly");
        DeliveryAction.track(new FakeBuild(nightly, 1), new DeliveryTarget("sim", "old", "shop", "jenkins:nightly#1", 1, null));
        for (int n = 2; n <= DrivenApps.RECENT_BUILDS + 1; n++) {
            new FakeBuild(nightly, n);
        }

        assertThat(new ReleaseHistoryFactory().createFor(unitTests)).isEmpty();
        assertThat(new ReleaseHistoryFactory().createFor(new FakeJob("never-built"))).isEmpty();
        assertThat(new ReleaseHistoryFactory().createFor(nightly)).as("the rollout is older than the recent builds").isEmpty();
        new FakeBuild(job, 2);
        assertThat(historyOf(job).getApps()).extracting(a -> a.getTarget().getKey()).as("build #1 drove it; #2 did not").containsExactly(key);
    }

    @Test
    void readingTheHistoryNeedsReadOnTheJob() {
        job.rule = (user, p) -> false;
        loginAs("eve");

        assertThatThrownBy(() -> history.getApps()).isInstanceOf(AccessDeniedException3.class).hasMessage("eve is missing the Read permission");
    }

    @Test
    void rollbackToAnEarlierReleaseSwitchesTheRouteAndRecordsTheUserAndComment() throws Exception {
        loginAs("dave", "release-managers");

        FakeHttp.Served done = rollback(rollbackTo1("payment errors since 2.0"));

        assertThat(done.redirect).isEqualTo(".");
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        assertThat(f.client.apps().deployments().inNamespace(f.namespace).withName("shop-blue").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).isEqualTo("registry/shop:1.0");
        Release now = f.state().serving().orElseThrow();
        assertThat(now.revision()).isEqualTo(3);
        assertThat(now.image()).isEqualTo("registry/shop:1.0");
        assertThat(now.outcome()).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(now.actor()).isEqualTo("dave");
        assertThat(now.comment()).isEqualTo("payment errors since 2.0");
        assertThat(now.rolledBackFrom()).isEqualTo(2);
        assertThat(history.getApps().get(0).getReleases()).extracting(ReleaseRow::whyNot)
                .containsExactly("serving now", null, "the same image serves now");
    }

    @Test
    void aGetIsRefusedAndChangesNothing() throws Exception {
        loginAs("alice");
        FakeHttp.Served served = FakeHttp.serve(history.doRollback(FakeHttp.request("GET", rollbackTo1("x"))));

        assertThat(served.status).isEqualTo(405);
        assertThat(served.error).isEqualTo("roll back needs a POST request (use the button on the page)");
        assertNothingChanged();
    }

    @Test
    void rollbackNeedsBuildOnTheJobEvenWhereTheBuildWouldAllowIt() throws Exception {
        job.rule = (user, p) -> p == Item.READ;
        loginAs("alice");

        assertThatThrownBy(() -> rollback(rollbackTo1("undo"))).isInstanceOf(AccessDeniedException3.class)
                .hasMessage("alice is missing the Build permission");
        assertNothingChanged();
    }

    @Test
    void rollbackIsLimitedToTheApproversOfTheStepThatDroveTheApp() throws Exception {
        loginAs("carol", "developers");

        FakeHttp.Served refused = rollback(rollbackTo1("undo"));

        assertThat(refused.status).isEqualTo(403);
        assertThat(refused.error).isEqualTo("carol may not roll back shop; allowed: [alice, release-managers]");
        assertNothingChanged();
    }

    @Test
    void aRollbackWithoutACommentOrARevisionIsRefusedBeforeAnyWrite() throws Exception {
        loginAs("alice");

        FakeHttp.Served noComment = rollback(rollbackTo1(null));
        Map<String, String> noRevision = rollbackTo1("undo");
        noRevision.remove("toRevision");
        FakeHttp.Served noTarget = rollback(Map.of("target", "sim:elsewhere/shop", "toRevision", "1", "comment", "undo"));

        assertThat(noComment.status).isEqualTo(400);
        assertThat(noComment.error).isEqualTo("a comment is required: say why you roll back shop");
        assertThat(rollback(noRevision).error).isEqualTo("toRevision is required: the revision of the release to serve again");
        assertThat(noTarget.status).isEqualTo(404);
        assertNothingChanged();
    }

    @Test
    void twoSimultaneousClicksRollBackOnceAndTheSecondIsToldWhatHappened() throws Exception {
        List<FakeHttp.Served> results = SimultaneousClicks.of(List.of("alice", "alice"), user -> rollback(rollbackTo1("undo by " + user)));

        assertThat(results).filteredOn(r -> r.redirect != null).hasSize(1);
        FakeHttp.Served loser = results.stream().filter(r -> r.redirect == null).findFirst().orElseThrow();
        assertThat(loser.status).isEqualTo(409);
        assertThat(loser.error).contains("changed since the page was shown: revision 3 serves now");
        DeliveryState s = f.state();
        assertThat(s.history()).filteredOn(r -> r.outcome() == ReleaseOutcome.ROLLED_BACK).hasSize(1);
        assertThat(s.serving().orElseThrow().image()).isEqualTo("registry/shop:1.0");
    }

    @Test
    void aRollbackOutsideTheWarmWindowScalesTheOldReleaseUpAndASecondClickMeanwhileIsRefused() throws Exception {
        TestStepContext c = context(new FakeBuild(job, 2), new BuildLog());
        StepExecution paused = start(canary("registry/shop:3.0", List.of(Map.of("weight", 20), Map.of("pause", "manual"))), c);
        awaitStatus(paused, "waiting for promote or abort");
        loginAs("alice");
        FakeHttp.serve(job.getLastBuild().getAction(DeliveryAction.class).doAbort(FakeHttp.request("POST", Map.of("target", key, "comment", "p99 up"))));
        c.awaitFailure(TIMEOUT);
        assertThat(f.client.apps().deployments().inNamespace(f.namespace).withName("shop-blue").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage()).as("the aborted candidate replaced 1.0 in the idle slot").isEqualTo("registry/shop:3.0");

        List<FakeHttp.Served> results = SimultaneousClicks.of(List.of("alice", "alice"), user -> rollback(rollbackTo1("1.0 was the last good one")));

        assertThat(results).filteredOn(r -> r.redirect != null).hasSize(1);
        FakeHttp.Served loser = results.stream().filter(r -> r.redirect == null).findFirst().orElseThrow();
        assertThat(loser.status).isEqualTo(409);
        assertThat(loser.error).containsAnyOf("a rollback of shop to revision 1 is already under way", "changed since the page was shown: revision 4 serves now");
        await().atMost(TIMEOUT).until(() -> !f.state().inProgress());
        Release now = f.state().serving().orElseThrow();
        assertThat(now.revision()).isEqualTo(4);
        assertThat(now.image()).isEqualTo("registry/shop:1.0");
        assertThat(now.actor()).isEqualTo("alice");
        assertThat(now.comment()).isEqualTo("1.0 was the last good one");
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        assertThat(f.state().history()).filteredOn(r -> r.outcome() == ReleaseOutcome.ROLLED_BACK).hasSize(1);
    }

    @Test
    void theJsonViewListsTheSameReleasesForScripts() throws Exception {
        loginAs("alice");
        FakeHttp.Served s = FakeHttp.get(history::doJson);

        assertThat(s.contentType).startsWith("application/json");
        JsonNode json = Serialization.jsonMapper().readTree(s.body());
        assertThat(json.get("job").asText()).isEqualTo("shop-deploy");
        JsonNode app = json.get("apps").get(0);
        assertThat(app.get("target").asText()).isEqualTo(key);
        assertThat(app.get("servingRevision").asInt()).isEqualTo(2);
        assertThat(app.get("approvers").toString()).isEqualTo("[\"alice\",\"release-managers\"]");
        List<String> rows = new ArrayList<>();
        for (JsonNode r : app.get("releases")) {
            rows.add(r.get("revision") + " " + r.get("image").asText() + " " + r.get("outcome").asText() + " serving=" + r.get("serving")
                    + " target=" + r.get("rollbackTarget"));
        }
        assertThat(rows).containsExactly("2 registry/shop:2.0 PROMOTED serving=true target=false",
                "1 registry/shop:1.0 DEPLOYED serving=false target=true");
    }

    @Test
    void aClusterThatRefusesShowsAReadableMessageAndNeverTheToken() throws Exception {
        String token = "sha256~history-s3cr3t";
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403,"
                    + "\"message\":\"configmaps is forbidden: User system:serviceaccount:ci:jenkins cannot get configmaps\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl("http://127.0.0.1:" + api.getAddress().getPort());
        prod.setDefaultNamespace("shop");
        prod.setCredentialsId("prod-token");
        try (AutoCloseable c = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(prod),
                (id, run) -> new TestCredentials.Token(token), ClusterClients::create, x -> x))) {
            DeliveryAction.track(job.getLastBuild(), new DeliveryTarget("prod", "shop", "shop", "jenkins:shop-deploy#1", 1, null));
            loginAs("alice");

            AppView app = history.getApps().stream().filter(a -> a.getTarget().getCluster().equals("prod")).findFirst().orElseThrow();
            FakeHttp.Served click = rollback(Map.of("target", "prod:shop/shop", "toRevision", "1", "comment", "undo"));

            assertThat(app.getError()).startsWith("cannot read the state of prod:shop/shop: ").contains("cannot get configmaps")
                    .doesNotContain(token);
            assertThat(app.getReleases()).isEmpty();
            assertThat(click.status).isEqualTo(502);
            assertThat(click.error).startsWith("cannot roll back shop: cluster prod did not answer as expected: ").contains("cannot get configmaps")
                    .doesNotContain(token);
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aClusterThatAnswers503IsAskedOnlyAFewTimesBeforeThePageSaysSo() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        api.start();
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl("http://127.0.0.1:" + api.getAddress().getPort());
        prod.setDefaultNamespace("shop");
        try (AutoCloseable c = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(prod), (id, run) -> null,
                ClusterClients::create, x -> x))) {
            DeliveryAction.track(job.getLastBuild(), new DeliveryTarget("prod", "shop", "shop", "jenkins:shop-deploy#1", 1, null));

            AppView app = history.getApps().stream().filter(a -> a.getTarget().getCluster().equals("prod")).findFirst().orElseThrow();

            assertThat(app.getError()).startsWith("cannot read the state of prod:shop/shop: ");
            assertThat(requests.get()).as("one request and " + ClusterClients.REQUEST_RETRIES + " retries, not fabric8's ten")
                    .isEqualTo(1 + ClusterClients.REQUEST_RETRIES);
        } finally {
            api.stop(0);
        }
    }

    @Test
    void aClusterThatRefusesConnectionsIsReportedWithinSeconds() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl("http://127.0.0.1:" + closedPort);
        prod.setDefaultNamespace("shop");
        try (AutoCloseable c = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(prod), (id, run) -> null,
                ClusterClients::create, x -> x))) {
            DeliveryAction.track(job.getLastBuild(), new DeliveryTarget("prod", "shop", "shop", "jenkins:shop-deploy#1", 1, null));
            long started = System.nanoTime();

            AppView app = history.getApps().stream().filter(a -> a.getTarget().getCluster().equals("prod")).findFirst().orElseThrow();

            assertThat(app.getError()).startsWith("cannot read the state of prod:shop/shop: ");
            // fabric8's default ten retries back off for ~20 s; a generous bound, not a measurement.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void theActionHoldsOnlyItsJobSoNothingSecretOrLiveCanBeSaved() {
        List<String> fields = new ArrayList<>();
        for (Class<?> k : List.of(ReleaseHistoryAction.class, AppView.class, ReleaseRow.class, DeliveryTarget.class)) {
            for (Field x : k.getDeclaredFields()) {
                if (!Modifier.isStatic(x.getModifiers())) {
                    fields.add(k.getSimpleName() + "." + x.getName() + ":" + x.getType().getName());
                }
            }
        }

        assertThat(fields).filteredOn(x -> x.startsWith("ReleaseHistoryAction.")).containsExactly("ReleaseHistoryAction.job:hudson.model.Job");
        assertThat(fields).allMatch(x -> x.matches(".*:(hudson\\.model\\.Job|java\\.lang\\.String|int|boolean|io\\.jenkins\\.plugins\\.openmaru\\.(jenkins\\.DeliveryTarget|model\\.(DeliveryState|Release)))"),
                "fields: " + fields);
        assertThat(history.getJob()).isSameAs(job);
    }
}
