package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.awaitStatus;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import hudson.AbortException;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildStatusOutputBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.ClusterTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * openmaruBuild driven as Pipeline drives it, against a simulated OpenShift whose build controller runs
 * S2I builds: a Git URI containing {@code hold} keeps the build Running until the test finishes or cancels it.
 */
@ClusterTest.RolloutDelay(millis = 30)
class BuildImageStepTest extends ClusterTest {
    private static final String REGISTRY = "image-registry.openshift-image-registry.svc:5000";
    private static final String HELD = "https://git.example.com/team/hold.git";
    DeliveryFixture f;
    OpenShiftClient client;

    @BeforeEach
    void setUp() {
        f = new DeliveryFixture(cluster);
        client = f.client.adapt(OpenShiftClient.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    static BuildImageStep source(String gitUri) {
        BuildImageStep s = new BuildImageStep("shop", "source");
        s.setGitUri(gitUri);
        s.setTimeout("2m");
        return s;
    }

    Build build(String name) {
        return client.builds().inNamespace(f.namespace).withName(name).get();
    }

    void awaitPhase(String name, String phase) {
        await().atMost(TIMEOUT).until(() -> build(name) != null && phase.equals(build(name).getStatus().getPhase()));
    }

    /** Plays the build controller for a held build: it pushed and completed with {@code digest}. */
    void complete(String name, String digest) {
        awaitPhase(name, "Running");
        client.builds().inNamespace(f.namespace).withName(name).editStatus(b -> {
            b.getStatus().setPhase("Complete");
            b.getStatus().setOutputDockerImageReference(REGISTRY + "/" + f.namespace + "/shop:latest");
            b.getStatus().setOutput(new BuildStatusOutputBuilder().withNewTo().withImageDigest(digest).endTo().build());
            return b;
        });
    }

    static String digest(char c) {
        char[] hex = new char[64];
        Arrays.fill(hex, c);
        return "sha256:" + new String(hex);
    }

    @Test
    void aSourceBuildReturnsTheImagePinnedByDigestAndStreamsItsLog() throws Exception {
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-build", 1), log);
        start(source("https://git.example.com/team/shop.git"), c);

        Object image = c.awaitSuccess(TIMEOUT);

        Build built = build("shop-1");
        assertThat(built.getStatus().getPhase()).isEqualTo("Complete");
        assertThat(image).isEqualTo(REGISTRY + "/" + f.namespace + "/shop@" + built.getStatus().getOutput().getTo().getImageDigest());
        assertThat(log.text()).contains("[openmaru] started build shop-1 in " + f.namespace,
                "Cloning \"https://git.example.com/team/shop.git\" ...", "Push successful", "[openmaru] build shop-1 pushed " + image);
        assertThat(c.completionCount()).isEqualTo(1);
    }

    @Test
    void startReturnsAtOnceAndNoThreadWaitsWhileTheBuildRuns() throws Exception {
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-build", 2), log);
        StepExecution e = start(source(HELD), c);

        awaitPhase("shop-1", "Running");
        awaitStatus(e, "waiting for build shop-1");
        ThreadPoolExecutor pool = (ThreadPoolExecutor) DeliveryExecutor.get();
        // Settled: the executor is idle and the log is streaming (its follower opens it on a thread of its own, then leaves).
        await().atMost(TIMEOUT).until(() -> pool.getActiveCount() == 0 && log.text().contains("Cloning"));
        assertThat(c.isDone()).isFalse();
        assertThat(Thread.getAllStackTraces().values()).as("no thread is inside the step's execution or the build package (BuildRun, the log)")
                .noneMatch(stack -> Arrays.stream(stack).anyMatch(frame -> frame.getClassName().startsWith(BuildImageStepExecution.class.getName())
                        || frame.getClassName().startsWith("io.jenkins.plugins.openmaru.image.")));

        complete("shop-1", digest('a'));
        assertThat(c.awaitSuccess(TIMEOUT)).isEqualTo(REGISTRY + "/" + f.namespace + "/shop@" + digest('a'));
    }

    @Test
    void stoppingTheJenkinsBuildCancelsTheBuildInTheCluster() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-build", 3), new BuildLog());
        StepExecution e = start(source(HELD), c);
        awaitPhase("shop-1", "Running");

        InterruptedException cause = new InterruptedException("Aborted by carol");
        e.stop(cause);

        assertThat(c.awaitFailure(TIMEOUT)).isSameAs(cause);
        assertThat(build("shop-1").getStatus().getCancelled()).isTrue();
        awaitPhase("shop-1", "Cancelled");
        assertThat(c.completionCount()).isEqualTo(1);
    }

    @Test
    void afterARestartTheDeserializedExecutionFollowsTheSameBuildToItsDigest() throws Exception {
        BuildLog log = new BuildLog();
        TestStepContext before = context(new FakeBuild("shop-build", 4), log);
        StepExecution e = start(source(HELD), before);
        awaitPhase("shop-1", "Running");
        awaitStatus(e, "waiting for build shop-1");
        f.dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();
        TestStepContext after = restarted.context();
        StepExecution resumed = restarted.execution();
        resumed.onResume();
        awaitStatus(resumed, "waiting for build shop-1");
        assertThat(after.isDone()).isFalse();

        complete("shop-1", digest('b'));
        assertThat(after.awaitSuccess(TIMEOUT)).isEqualTo(REGISTRY + "/" + f.namespace + "/shop@" + digest('b'));
        assertThat(log.text()).contains("[openmaru] resumed after a restart: following build shop-1");
        assertThat(client.builds().inNamespace(f.namespace).list().getItems()).as("no second build").hasSize(1);
        assertThat(after.completionCount()).isEqualTo(1);
    }

    @Test
    void aBuildThatFinishedDuringTheRestartCompletesTheResumedStepWithItsImage() throws Exception {
        TestStepContext before = context(new FakeBuild("shop-build", 5), new BuildLog());
        StepExecution e = start(source(HELD), before);
        awaitStatus(e, "waiting for build shop-1");
        f.dropPluginConnections();
        TestStepContext.Restarted restarted = before.restart();
        TestStepContext after = restarted.context();
        StepExecution resumed = restarted.execution();

        complete("shop-1", digest('c'));
        resumed.onResume();

        assertThat(after.awaitSuccess(TIMEOUT)).isEqualTo(REGISTRY + "/" + f.namespace + "/shop@" + digest('c'));
    }

    @Test
    void aRestartDuringTheUploadFailsTheStepSayingNothingWasBuilt(@TempDir Path workspace) throws Exception {
        Files.writeString(workspace.resolve("shop.jar"), "jar");
        CountDownLatch uploading = new CountDownLatch(1);
        CountDownLatch jvmGone = new CountDownLatch(1);
        BuildImageStep step = new BuildImageStep("shop", "binary").withWorkspace((context, field) -> {
            uploading.countDown();
            jvmGone.await();
            throw new IOException("the old JVM is gone");
        });
        step.setPath("shop.jar");
        TestStepContext before = context(new FakeBuild("shop-build", 6), new BuildLog());
        StepExecution e = start(step, before);
        uploading.await();
        TestStepContext.Restarted restarted = before.restart();
        TestStepContext after = restarted.context();
        StepExecution resumed = restarted.execution();
        jvmGone.countDown();

        resumed.onResume();

        assertThat(after.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("Jenkins restarted before the binary build of " + f.namespace + "/shop was created")
                .hasMessageContaining("nothing was built");
        assertThat(client.builds().inNamespace(f.namespace).list().getItems()).isEmpty();
    }

    @Test
    void aFailedBuildFailsTheStepWithItsPhaseAndTheEndOfItsLog() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-build", 7), new BuildLog());
        start(source("https://git.example.com/team/fail.git"), c);

        assertThat(c.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class)
                .hasMessageContaining("Build shop-1 Failed: GenericBuildFailed")
                .hasMessageContaining("[ERROR] COMPILATION ERROR")
                .hasMessageContaining("non-zero (13) exit code from builder");
    }

    @Test
    void binaryModeUploadsTheWorkspaceFile(@TempDir Path workspace) throws Exception {
        Files.createDirectories(workspace.resolve("target"));
        String bytes = "PK\u0003\u0004 the shop jar built by mvn package";
        Files.writeString(workspace.resolve("target/shop.jar"), bytes, StandardCharsets.UTF_8);
        BuildImageStep step = new BuildImageStep("shop", "binary").withWorkspace(LocalWorkspace.at(workspace));
        step.setPath("target/shop.jar");
        BuildLog log = new BuildLog();
        TestStepContext c = context(new FakeBuild("shop-build", 8), log);
        start(step, c);

        assertThat((String) c.awaitSuccess(TIMEOUT)).startsWith(REGISTRY + "/" + f.namespace + "/shop@sha256:");
        ApiRequest upload = f.writes().stream().filter(r -> r.path().contains("/buildconfigs/shop/instantiatebinary")).findFirst().orElseThrow();
        assertThat(upload.path()).contains("asFile=shop.jar");
        assertThat(upload.body()).isEqualTo(bytes);
        assertThat(build("shop-1").getSpec().getSource().getBinary().getAsFile()).isEqualTo("shop.jar");
        assertThat(log.text()).contains("Received " + bytes.getBytes(StandardCharsets.UTF_8).length + " bytes");
    }

    @Test
    void imageModeImportsTheImageAndReturnsItPinned() throws Exception {
        BuildImageStep step = new BuildImageStep("shop", "image");
        step.setImage("quay.io/openmaru/shop:2.0");
        TestStepContext c = context(new FakeBuild("shop-build", 9), new BuildLog());
        start(step, c);

        assertThat((String) c.awaitSuccess(TIMEOUT)).matches("quay\\.io/openmaru/shop@sha256:[0-9a-f]{64}");
    }

    @Test
    void badInputFailsNamingTheParameterBeforeAnyWrite() throws Exception {
        TestStepContext c = context(new FakeBuild("shop-build", 10), new BuildLog());

        assertThatThrownBy(() -> new BuildImageStep("shop", "docker").start(c)).isInstanceOf(AbortException.class)
                .hasMessageContaining("mode").hasMessageContaining("source|binary|image");
        assertThatThrownBy(() -> new BuildImageStep("shop", "source").start(c)).isInstanceOf(AbortException.class)
                .hasMessageContaining("gitUri");
        assertThatThrownBy(() -> new BuildImageStep("shop", "binary").start(c)).isInstanceOf(AbortException.class)
                .hasMessageContaining("path");
        BuildImageStep slow = source("https://git.example.com/team/shop.git");
        slow.setTimeout("soon");
        assertThatThrownBy(() -> slow.start(c)).isInstanceOf(AbortException.class).hasMessageContaining("timeout");
        BuildImageStep noJar = new BuildImageStep("shop", "binary").withWorkspace(LocalWorkspace.at(Path.of("target")));
        noJar.setPath("no-such/shop.jar");
        TestStepContext missing = context(new FakeBuild("shop-build", 11), new BuildLog());
        start(noJar, missing);
        assertThat(missing.awaitFailure(TIMEOUT)).isInstanceOf(AbortException.class).hasMessageContaining("path").hasMessageContaining("no-such/shop.jar");

        assertThat(f.writes()).isEmpty();
        assertThat(c.isDone()).isFalse();
    }
}
