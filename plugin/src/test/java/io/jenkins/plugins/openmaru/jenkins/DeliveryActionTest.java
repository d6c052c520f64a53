package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.canary;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.thoughtworks.xstream.XStream;
import hudson.model.Item;
import hudson.security.AccessDeniedException3;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The build page's Promote / Abort / Rollback endpoints: verb, permission, approvers, comment, double clicks. */
class DeliveryActionTest {
    DeliveryFixture f;
    FakeBuild build;
    TestStepContext context;
    DeliveryAction action;
    String key;

    @BeforeEach
    void pausedCanary() throws Exception {
        f = new DeliveryFixture(DeliveryFixture.sharedCluster());
        f.firstRelease("registry/shop:1.0");
        build = new FakeBuild("shop-deploy", 3);
        context = context(build, new BuildLog());
        CanaryRolloutStep step = canary("registry/shop:2.0", List.of(Map.of("weight", 30), Map.of("pause", "manual")));
        step.setApprovers("alice, release-managers");
        StepExecution e = start(step, context);
        awaitStatus(e, "waiting for promote or abort");
        action = build.getAction(DeliveryAction.class);
        key = "sim:" + f.namespace + "/shop";
    }

    @AfterEach
    void tearDown() throws Exception {
        SecurityContextHolder.clearContext();
        f.close();
    }

    static void loginAs(String user, String... groups) {
        List<SimpleGrantedAuthority> authorities = new ArrayList<>();
        for (String g : groups) {
            authorities.add(new SimpleGrantedAuthority(g));
        }
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken(user, "pw", authorities));
    }

    private FakeHttp.Served post(String verb, Map<String, String> params) throws Exception {
        var req = FakeHttp.request("POST", params);
        return FakeHttp.serve(switch (verb) {
            case "promote" -> action.doPromote(req);
            case "abort" -> action.doAbort(req);
            default -> action.doRollback(req);
        });
    }

    @Test
    void aGetIsRefusedAndChangesNothing() throws Exception {
        loginAs("alice");
        FakeHttp.Served served = FakeHttp.serve(action.doPromote(FakeHttp.request("GET", Map.of("target", key, "comment", "x"))));

        assertThat(served.status).isEqualTo(405);
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
    }

    @Test
    void promoteNeedsBuildAndAbortNeedsCancelOnTheJob() throws Exception {
        loginAs("mallory");
        build.permissions((user, p) -> p == Item.READ || (p == Item.BUILD && !user.getName().equals("mallory")));

        assertThatThrownBy(() -> post("promote", Map.of("target", key, "comment", "ship it")))
                .isInstanceOf(AccessDeniedException3.class).hasMessage("mallory is missing the Build permission");
        loginAs("bob");
        assertThatThrownBy(() -> post("abort", Map.of("target", key, "comment", "stop")))
                .isInstanceOf(AccessDeniedException3.class).hasMessage("bob is missing the Cancel permission");
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
        assertThat(f.candidateWeight()).isEqualTo(30);
    }

    @Test
    void aDecisionWithoutACommentIsRefused() throws Exception {
        loginAs("alice");
        FakeHttp.Served served = post("abort", Map.of("target", key, "comment", "  "));

        assertThat(served.status).isEqualTo(400);
        assertThat(served.error).contains("a comment is required");
        assertThat(f.state().rollout().phase()).isEqualTo(RolloutPhase.PAUSED);
    }

    @Test
    void abortFromThePageIsRecordedWithTheUserAndFailsTheWaitingStep() throws Exception {
        loginAs("bob");
        FakeHttp.Served served = post("abort", Map.of("target", key, "comment", "latency doubled"));

        assertThat(served.redirect).isEqualTo(".");
        assertThat(context.awaitFailure(TIMEOUT)).hasMessageContaining("ended ABORTED");
        assertThat(f.candidateWeight()).isZero();
        assertThat(f.state().rollout().events()).anySatisfy(ev -> {
            assertThat(ev.actor()).isEqualTo("bob");
            assertThat(ev.action()).isEqualTo("abort");
            assertThat(ev.comment()).isEqualTo("latency doubled");
        });
    }

    @Test
    void twoSimultaneousPromoteClicksPromoteOnceAndTheSecondIsToldItAlreadyHappened() throws Exception {
        List<FakeHttp.Served> results = SimultaneousClicks.of(List.of("alice", "bob"),
                user -> post("promote", Map.of("target", key, "comment", "go " + user)));

        assertThat(results).filteredOn(r -> r.redirect != null).hasSize(1);
        FakeHttp.Served loser = results.stream().filter(r -> r.redirect == null).findFirst().orElseThrow();
        assertThat(loser.status).isEqualTo(409);
        assertThat(loser.error).contains("already promoted");
        context.awaitSuccess(TIMEOUT);
        assertThat(f.state().history()).filteredOn(r -> r.outcome() == ReleaseOutcome.PROMOTED).hasSize(1);
    }

    @Test
    void rollbackIsLimitedToTheApproversGivenInTheStep() throws Exception {
        loginAs("bob");
        post("promote", Map.of("target", key, "comment", "fine"));
        context.awaitSuccess(TIMEOUT);
        int serving = f.state().serving().orElseThrow().revision();

        loginAs("carol", "developers");
        FakeHttp.Served refused = post("rollback", Map.of("target", key, "comment", "undo", "servingRevision", "" + serving));
        assertThat(refused.status).isEqualTo(403);
        assertThat(refused.error).isEqualTo("carol may not roll back shop; allowed: [alice, release-managers]");
        assertThat(f.routeTarget()).isEqualTo("shop-green");

        loginAs("dave", "release-managers");
        FakeHttp.Served done = post("rollback", Map.of("target", key, "comment", "payment errors", "servingRevision", "" + serving));
        assertThat(done.redirect).isEqualTo(".");
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
        Release now = f.state().serving().orElseThrow();
        assertThat(now.outcome()).isEqualTo(ReleaseOutcome.ROLLED_BACK);
        assertThat(now.actor()).isEqualTo("dave");
        assertThat(now.comment()).isEqualTo("payment errors");

        FakeHttp.Served again = post("rollback", Map.of("target", key, "comment", "double click", "servingRevision", "" + serving));
        assertThat(again.status).isEqualTo(409);
        assertThat(again.error).contains("changed since the page was shown");
        assertThat(f.routeTarget()).isEqualTo("shop-blue");
    }

    @Test
    void theJsonViewShowsTheLiveStateForScripts() throws Exception {
        loginAs("alice");
        FakeHttp.Served s = FakeHttp.get(action::doJson);

        assertThat(s.contentType).startsWith("application/json");
        assertThat(s.body()).contains("\"phase\":\"PAUSED\"", "\"weight\":30", "\"image\":\"registry/shop:2.0\"", "\"stableImage\":\"registry/shop:1.0\"",
                "\"driver\":\"jenkins:shop-deploy#3\"");
    }

    @Test
    void theActionPersistsOnlyPluginAndJdkTypesAndRoundTripsThroughXStream() {
        XStream xs = new XStream();
        xs.allowTypesByWildcard(new String[] {"io.jenkins.plugins.openmaru.**"});
        String xml = xs.toXML(action);

        Matcher classes = Pattern.compile("<([a-zA-Z][\\w.$-]*)[ >]|class=\"([^\"]+)\"").matcher(xml);
        List<String> types = new ArrayList<>();
        while (classes.find()) {
            String t = classes.group(1) != null ? classes.group(1) : classes.group(2);
            if (t.contains(".")) {
                types.add(t);
            }
        }
        assertThat(types).allMatch(t -> t.startsWith("io.jenkins.plugins.openmaru.") || t.startsWith("java."), "types in build.xml: " + types);
        assertThat(xml).doesNotContain("token").doesNotContain("hudson.").doesNotContain("fabric8");

        DeliveryAction back = (DeliveryAction) xs.fromXML(xml);
        back.onLoad(build);
        assertThat(back.getTargets()).isEqualTo(action.getTargets());
        assertThat(back.getTargets().get(0).getApprovers()).isEqualTo("alice, release-managers");
        assertThat(back.getApps().get(0).getRollout().weight()).isEqualTo(30);
    }
}
