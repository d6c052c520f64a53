package io.jenkins.plugins.openmaru.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.BuildTool;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class S2iBuilderTest {
    static final String NS = "shop-dev";
    static final String REGISTRY = "image-registry.openshift-image-registry.svc:5000";

    final BuildCluster cluster = new BuildCluster();
    final OpenShiftClient client = cluster.client;
    final S2iBuilder builder = cluster.builder;
    final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        cluster.close();
    }

    static BuildSpec source(String gitUri) {
        return BuildSpec.builder(NS, "shop", BuildMode.SOURCE).git(gitUri, "main").contextDir("service")
                .sourceSecret("gitlab").buildTool(BuildTool.GRADLE).env("MAVEN_MIRROR_URL", "http://nexus.local/maven-public/")
                .timeout(Duration.ofSeconds(20)).build();
    }

    Build build(String name) {
        return client.builds().inNamespace(NS).withName(name).get();
    }

    @Test
    void sourceBuildStreamsItsLogAndReturnsTheImagePinnedByDigest() throws Exception {
        BuildResult result = builder.run(source("https://git.example.com/team/shop.git"), null, lines::add);

        assertThat(result.buildName()).isEqualTo("shop-1");
        assertThat(result.image()).matches(REGISTRY + "/" + NS + "/shop@sha256:[0-9a-f]{64}");
        Build build = build("shop-1");
        assertThat(build.getStatus().getPhase()).isEqualTo("Complete");
        assertThat(result.digest()).isEqualTo(build.getStatus().getOutput().getTo().getImageDigest());
        assertThat(lines).startsWith("Cloning \"https://git.example.com/team/shop.git\" ...")
                .contains("Performing gradle build ...").endsWith("Push successful");
        var head = client.imageStreams().inNamespace(NS).withName("shop").get().getStatus().getTags().get(0);
        assertThat(head.getTag()).isEqualTo("latest");
        assertThat(head.getItems().get(0).getDockerImageReference()).isEqualTo(result.image());

        BuildConfig bc = client.buildConfigs().inNamespace(NS).withName("shop").get();
        assertThat(bc.getSpec().getSource().getGit().getRef()).isEqualTo("main");
        assertThat(bc.getSpec().getSource().getContextDir()).isEqualTo("service");
        assertThat(bc.getSpec().getSource().getSourceSecret().getName()).isEqualTo("gitlab");
        assertThat(bc.getSpec().getStrategy().getSourceStrategy().getFrom().getName()).isEqualTo("java:openjdk-17-ubi8");
        assertThat(bc.getSpec().getStrategy().getSourceStrategy().getFrom().getNamespace()).isEqualTo("openshift");
        assertThat(bc.getSpec().getStrategy().getSourceStrategy().getEnv())
                .extracting(e -> e.getName() + "=" + e.getValue())
                .containsExactly("BUILD_TOOL=gradle", "ARTIFACT_DIR=build/libs", "MAVEN_MIRROR_URL=http://nexus.local/maven-public/");
    }

    @Test
    void eachBuildGetsItsOwnNameAndDigest() throws Exception {
        BuildResult first = builder.run(source("https://git.example.com/team/shop.git"), null, lines::add);
        BuildResult second = builder.run(source("https://git.example.com/team/shop.git"), null, lines::add);

        assertThat(second.buildName()).isEqualTo("shop-2");
        assertThat(second.digest()).isNotEqualTo(first.digest());
        assertThat(client.imageStreams().inNamespace(NS).withName("shop").get().getStatus().getTags().get(0).getItems())
                .extracting(i -> i.getDockerImageReference()).containsExactly(second.image(), first.image());
    }

    @Test
    void failedBuildReportsItsPhaseReasonAndLogTail() {
        assertThatThrownBy(() -> builder.run(source("https://git.example.com/team/fail.git"), null, lines::add))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.phase()).isEqualTo(BuildPhase.FAILED);
                    assertThat(e.buildName()).isEqualTo("shop-1");
                    assertThat(e.logTail()).last().asString().contains("non-zero (13) exit code");
                })
                .hasMessageStartingWith("Build shop-1 Failed: GenericBuildFailed (Generic Build failure - check logs for details.)")
                .hasMessageContaining("[ERROR] COMPILATION ERROR");
    }

    @Test
    void cancellingTheRunCancelsTheBuildInTheCluster() {
        BuildRun run = builder.start(source("https://git.example.com/team/hold.git"), null, lines::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(build(run.buildName()).getStatus().getPhase()));

        run.cancel();

        assertThatThrownBy(run::await).isInstanceOfSatisfying(BuildFailedException.class,
                e -> assertThat(e.phase()).isEqualTo(BuildPhase.CANCELLED));
        Build build = build(run.buildName());
        assertThat(build.getStatus().getCancelled()).isTrue();
        assertThat(build.getStatus().getPhase()).isEqualTo("Cancelled");
    }

    @Test
    void cancellingABuildWrittenSinceItWasReadReadsItAgain() {
        BuildRun run = builder.start(source("https://git.example.com/team/hold.git"), null, lines::add);
        try (FaultProxy proxy = FaultProxy.start(cluster.server.url("/"));
                OpenShiftClient proxied = ClusterClients.create(new ConfigBuilder(client.getConfiguration()).withMasterUrl(proxy.url()).build())
                        .adapt(OpenShiftClient.class)) {
            proxy.rules().add(FaultRule.on("PATCH", ".*/builds/shop-1", FaultRule.answer(409)));

            BuildRun.cancel(proxied, NS, run.buildName());

            assertThat(proxy.rules().hits(0)).isEqualTo(1);
        }
        assertThatThrownBy(run::await).isInstanceOfSatisfying(BuildFailedException.class,
                e -> assertThat(e.phase()).isEqualTo(BuildPhase.CANCELLED));
        assertThat(build("shop-1").getStatus().getCancelled()).isTrue();
    }

    @Test
    void aCreationRefusedJustBeforeTheRequestCreatesNoBuild() {
        BuildCreation refusing = new BuildCreation() {
            @Override
            public void creating() {
                throw new IllegalStateException("stopping");
            }

            @Override
            public void created(String buildName) {
                lines.add("created " + buildName);
            }
        };

        assertThatThrownBy(() -> builder.start(source("https://git.example.com/team/hold.git"), null, lines::add, refusing))
                .hasMessage("stopping");

        assertThat(client.buildConfigs().inNamespace(NS).withName("shop").get()).as("the BuildConfig is applied first").isNotNull();
        assertThat(client.builds().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(lines).isEmpty();
    }

    @Test
    void theCreatedBuildIsNamedBeforeStartReturns() {
        List<String> told = new CopyOnWriteArrayList<>();
        BuildCreation listening = new BuildCreation() {
            @Override
            public void creating() {
                told.add("creating; builds: " + client.builds().inNamespace(NS).list().getItems().size());
            }

            @Override
            public void created(String buildName) {
                told.add("created " + buildName + "; exists: " + (build(buildName) != null));
            }
        };

        BuildRun run = builder.start(source("https://git.example.com/team/hold.git"), null, lines::add, listening);
        run.cancel();

        assertThat(told).containsExactly("creating; builds: 0", "created shop-1; exists: true");
        assertThat(run.buildName()).isEqualTo("shop-1");
    }

    @Test
    void interruptingTheWaitingCallerCancelsTheBuild() throws Exception {
        BuildRun run = builder.start(source("https://git.example.com/team/hold.git"), null, lines::add);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                run.await();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(build(run.buildName()).getStatus().getPhase()));

        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Cancelled".equals(build(run.buildName()).getStatus().getPhase()));
        assertThat(build(run.buildName()).getStatus().getCancelled()).isTrue();
    }

    // Awaits the events themselves (the future failing, the Build turning Cancelled), however slow a loaded machine makes
    // the work after the timeout; the method's timeout only guards against a hang.
    @Test
    @Timeout(60)
    void whenDoneTimesOutLikeAwaitWithoutAWaitingThread() throws Exception {
        BuildSpec spec = BuildSpec.builder(NS, "shop", BuildMode.SOURCE).git("https://git.example.com/team/hold.git", null)
                .timeout(Duration.ofSeconds(1)).build();
        java.util.concurrent.CompletableFuture<BuildResult> done = builder.start(spec, null, lines::add).whenDone(Runnable::run);

        assertThatThrownBy(done::get).hasCauseInstanceOf(BuildFailedException.class)
                .hasMessageContaining("did not finish within PT1S and was cancelled");
        assertThat(client.builds().inNamespace(NS).withName("shop-1")
                .informOnCondition(l -> !l.isEmpty() && "Cancelled".equals(l.get(0).getStatus().getPhase())).get()).isNotEmpty();
    }

    @Test
    void attachFollowsABuildStartedEarlierToItsImage() throws Exception {
        BuildResult first = builder.start(source("https://git.example.com/team/shop.git"), null, l -> { }).await();
        List<String> again = new CopyOnWriteArrayList<>();

        BuildResult attached = builder.attach(NS, "shop", first.buildName(), Duration.ofSeconds(20), again::add)
                .whenDone(Runnable::run).get(20, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(attached.image()).isEqualTo(first.image());
        assertThat(attached.mode()).isEqualTo(BuildMode.SOURCE);
        assertThat(again).contains("Push successful");
        assertThatThrownBy(() -> builder.attach(NS, "shop", "shop-9", Duration.ofSeconds(20), again::add))
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("shop-9").hasMessageContaining("no longer exists");
    }

    @Test
    void aBuildThatOutlivesItsTimeoutIsCancelled() {
        BuildSpec spec = BuildSpec.builder(NS, "shop", BuildMode.SOURCE).git("https://git.example.com/team/hold.git", null)
                .timeout(Duration.ofSeconds(1)).build();

        assertThatThrownBy(() -> builder.run(spec, null, lines::add))
                .isInstanceOf(BuildFailedException.class).hasMessageContaining("did not finish within PT1S and was cancelled");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Cancelled".equals(build("shop-1").getStatus().getPhase()));
    }

    @Test
    void badInputIsRejectedBeforeAnythingIsWritten() {
        BuildSpec spec = source("https://git.example.com/team/shop.git");
        assertThatThrownBy(() -> builder.start(spec, BinaryInput.of("app.jar", () -> new java.io.ByteArrayInputStream(new byte[1])), lines::add))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("binary: an upload is not allowed; expected no upload in source mode");
        assertThat(client.buildConfigs().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(client.imageStreams().inNamespace(NS).list().getItems()).isEmpty();
    }
}
