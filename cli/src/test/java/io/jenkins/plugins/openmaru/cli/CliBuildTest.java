package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code openmaru build} end to end against a sandbox in this JVM: the three modes, a failing build, bad input, and build → canary. */
class CliBuildTest {
    static final String GIT = "https://git.example.com/team/shop.git";
    static final String PINNED = "image-registry\\.openshift-image-registry\\.svc:5000/%s/shop@sha256:[0-9a-f]{64}";
    @RegisterExtension
    static final CliHarness cli = new CliHarness();
    String ns;

    @TempDir
    Path tmp;

    @BeforeEach
    void freshNamespace() {
        ns = CliHarness.freshNamespace();
    }

    private CliHarness.Run build(String... args) {
        List<String> all = new ArrayList<>(List.of("-n", ns, "build", "shop"));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    private OpenShiftClient openShift() {
        return cli.sandbox.client().adapt(OpenShiftClient.class);
    }

    /** The image the ImageStream's {@code latest} tag points at now, as the API server holds it. */
    private String latestTag() {
        ImageStream stream = openShift().imageStreams().inNamespace(ns).withName("shop").get();
        return stream.getStatus().getTags().stream().filter(t -> "latest".equals(t.getTag())).findFirst().orElseThrow()
                .getItems().get(0).getDockerImageReference();
    }

    @Test
    void sourceBuildStreamsItsLogToStderrAndPrintsOnlyThePinnedImageTheImageStreamHolds() {
        CliHarness.Run run = build("--mode", "source", "--git-url", GIT, "--git-ref", "main", "--context-dir", "shop-service");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).matches(PINNED.formatted(ns) + "\\R");
        String image = run.out().strip();
        assertThat(latestTag()).isEqualTo(image);
        assertThat(run.err())
                .contains("Build shop-1 started (source " + GIT + " at main, context dir shop-service) in " + ns)
                .contains("Cloning \"" + GIT + "\" ...")
                .contains("Performing maven build ...")
                .contains("Push successful")
                .contains("Build shop-1 Complete: " + image);
        Build build = openShift().builds().inNamespace(ns).withName("shop-1").get();
        assertThat(build.getStatus().getPhase()).isEqualTo("Complete");
        assertThat(build.getSpec().getSource().getGit().getRef()).isEqualTo("main");
        assertThat(build.getSpec().getSource().getContextDir()).isEqualTo("shop-service");
    }

    @Test
    void binaryBuildUploadsADirectoryAsAnArchiveAndJsonDescribesTheBuild() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("app/src/main/java"));
        Files.writeString(app.resolve("App.java"), "class App {}");
        Files.writeString(tmp.resolve("app/pom.xml"), "<project/>");

        CliHarness.Run run = build("--mode", "binary", "--from", tmp.resolve("app").toString(), "--build-tool", "gradle", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = run.json();
        assertThat(doc.get("app").asText()).isEqualTo("shop");
        assertThat(doc.get("namespace").asText()).isEqualTo(ns);
        assertThat(doc.get("mode").asText()).isEqualTo("binary");
        assertThat(doc.get("build").asText()).isEqualTo("shop-1");
        assertThat(doc.get("phase").asText()).isEqualTo("Complete");
        assertThat(doc.get("image").asText()).matches(PINNED.formatted(ns)).isEqualTo(latestTag());
        assertThat(doc.get("durationMs").asLong()).isPositive();
        assertThat(run.err()).contains("Receiving source from STDIN as archive ...").contains("Performing gradle build ...");
        String archive = gunzip(cli.sandbox.cluster().upload(ns, "shop-1"));
        assertThat(archive).contains("pom.xml").contains("<project/>").contains("src/main/java/App.java").contains("class App {}");
        assertThat(openShift().builds().inNamespace(ns).withName("shop-1").get().getSpec().getSource().getType()).isEqualTo("Binary");
    }

    @Test
    void imageModeImportsAReadyImageAndPinsItByDigest() {
        CliHarness.Run run = build("--mode", "image", "--image", "quay.io/acme/shop:1.4.2", "-o", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode doc = run.json();
        assertThat(doc.get("mode").asText()).isEqualTo("image");
        assertThat(doc.get("build").isNull()).isTrue();
        assertThat(doc.get("image").asText()).matches("quay\\.io/acme/shop@sha256:[0-9a-f]{64}").isEqualTo(latestTag());
        assertThat(openShift().builds().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aFailingBuildExitsOneWithItsPhaseAndLogTail() {
        CliHarness.Run run = build("--mode", "source", "--git-url", "https://git.example.com/team/fail.git");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("openmaru: Build shop-1 Failed: GenericBuildFailed")
                .containsPattern("last \\d+ log lines:\\R(.*\\R)*\\[ERROR] COMPILATION ERROR : src/main/java/App.java:\\[3,1] ';' expected")
                .contains("error: build error: non-zero (13) exit code from builder");
        assertThat(openShift().builds().inNamespace(ns).withName("shop-1").get().getStatus().getPhase()).isEqualTo("Failed");
    }

    @Test
    void aBuildThatOutlivesItsTimeoutIsCancelledInTheClusterAndExitsOne() {
        // The sandbox keeps a build of a Git URL containing "hold" Running until it is cancelled.
        CliHarness.Run run = build("--mode", "source", "--git-url", "https://git.example.com/team/hold.git", "--timeout", "1s");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.err()).contains("openmaru: Build shop-1 Cancelled: did not finish within PT1S and was cancelled");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(openShift().builds().inNamespace(ns).withName("shop-1").get().getStatus().getPhase()).isEqualTo("Cancelled"));
    }

    @Test
    void aJarIsUploadedAsItself() throws IOException {
        Path jar = Files.write(tmp.resolve("shop-1.0.jar"), new byte[] {'P', 'K', 3, 4, 42});

        CliHarness.Run run = build("--mode", "binary", "--from", jar.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).contains("Receiving source from STDIN as file shop-1.0.jar ...", "Received 5 bytes");
        assertThat(cli.sandbox.cluster().upload(ns, "shop-1")).isEqualTo(Files.readAllBytes(jar));
        assertThat(run.out().strip()).isEqualTo(latestTag());
    }

    @Test
    void anImageTheRegistryDoesNotHaveExitsOne() {
        CliHarness.Run run = build("--mode", "image", "--image", "quay.io/acme/missing:1", "-o", "json");

        assertThat(run.exit()).isEqualTo(ExitCodes.ROLLOUT_FAILED);
        assertThat(run.json().get("phase").asText()).isEqualTo("Failed");
        assertThat(run.json().get("image").isNull()).isTrue();
        assertThat(run.err()).contains("NotFound: manifest unknown: quay.io/acme/missing:1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--mode bogus                                                | mode: bogus is not allowed; expected one of source|binary|image",
            "--mode source                                               | git-url: null is not allowed; expected a Git URL",
            "--mode source --git-url not-a-url                           | git-url: not-a-url is not allowed",
            "--mode source --git-url https://g/x.git --context-dir ../x  | context-dir: ../x is not allowed; expected a relative path",
            "--mode source --git-url https://g/x.git --image a/b:1       | image: a/b:1 is not allowed; expected no image outside image mode",
            "--mode source --git-url https://g/x.git --from .            | from: . is not allowed; expected no upload outside binary mode",
            "--mode source --git-url https://g/x.git --build-tool ant    | build-tool: ant is not allowed; expected one of maven|gradle",
            "--mode source --git-url https://g/x.git --builder-image jdk | builder-image: jdk is not allowed; expected an ImageStreamTag name:tag",
            "--mode source --git-url https://g/x.git --timeout 0s        | timeout: PT0S is not allowed; expected a positive duration",
            "--mode source --git-url https://g/x.git --env NOEQUALS      | env[0]: NOEQUALS is not allowed; expected NAME=VALUE",
            "--mode binary                                               | from: null is not allowed; expected a file or directory to upload in binary mode",
            "--mode binary --from /nonexistent/app.jar                   | from: /nonexistent/app.jar is not allowed; expected an existing file",
            "--mode image                                                | image: null is not allowed; expected an image reference with a tag or digest",
            "--mode image --image quay.io/acme/shop                      | image: quay.io/acme/shop is not allowed",
            "--mode image --image a/b:1 --git-url https://g/x.git        | git-url: https://g/x.git is not allowed; expected no Git URL in image mode",
            "--git-url https://g/x.git                                   | Missing required option: '--mode=MODE'"})
    void badInputExitsTwoNamingTheOptionAndWritesNothing(String args, String message) {
        cli.sandbox.cluster().clearRequests();

        CliHarness.Run run = build(args.trim().split("\\s+"));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.err()).contains(message).doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
        assertThat(cli.sandbox.cluster().requests()).extracting(ApiRequest::method).doesNotContain("POST", "PUT", "PATCH", "DELETE");
    }

    @Test
    void theImageABuildPrintsIsWhatACanaryDeploysAndServes() throws IOException {
        CliHarness.Run built = build("--mode", "source", "--git-url", GIT);
        assertThat(built.exit()).as(built.err()).isZero();
        String image = built.out().strip();

        CliHarness.Run deployed = cli.run("-n", ns, "canary", "shop", "--image", image, "-o", "json");

        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.json().get("stable").get("image").asText()).isEqualTo(image);
        AppRef app = new AppRef(ns, "shop");
        String host = cli.route(app).getSpec().getHost();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(cli.sandbox.dataPlane().routerClient().get(host, "/").version()).contains(image));
    }

    private static String gunzip(byte[] bytes) throws IOException {
        assertThat(bytes).as("the uploaded archive").isNotNull();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
