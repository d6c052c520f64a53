package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteTargetReference;
import io.jenkins.plugins.openmaru.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} against {@code openmaru sandbox serve}'s kubeconfig, as docs/sandbox.md promises:
 * it finds the kinds by discovery, lists and prints the app's objects, and describes a Deployment's conditions.
 */
@Tag("slow")
class SandboxKubectlTest {
    private static final String NS = "kube";
    private static final String IMAGE = "quay.io/acme/shop:";

    /** What one in-JVM CLI run printed. */
    private record CliRun(int exit, String out, String err) {}

    private static CliRun cli(Path kubeconfig, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--kubeconfig";
        all[1] = kubeconfig.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = Cli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all);
        return new CliRun(exit, out.toString(), err.toString());
    }

    @Test
    void kubectlListsPrintsAndDescribesACanaryInTheServedSandbox(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("sandbox.kubeconfig");
        InProcessServe serve = InProcessServe.start(kubeconfig, "-n", NS, "--rollout-delay", "50ms", "--traffic-rps", "0");
        CompletableFuture<CliRun> canary;
        int exitCode;
        try {
            assertThat(serve.out()).contains("metrics");
            CliRun v1 = cli(kubeconfig, "canary", "shop", "--image", IMAGE + "v1");
            assertThat(v1.exit()).as(v1.out() + v1.err()).isZero();
            canary = CompletableFuture.supplyAsync(() -> cli(kubeconfig, "canary", "shop", "--image", IMAGE + "v2", "--steps", "20,manual,100"));
            await().atMost(Duration.ofSeconds(20)).until(
                    () -> new ObjectMapper().readTree(cli(kubeconfig, "status", "shop", "-o", "json").out()).get("phase").asText(), "PAUSED"::equals);
            Kubectl kubectl = new Kubectl(kubeconfig, dir);

            Kubectl.Run version = kubectl.run("version");
            assertThat(version.exit()).as(version.err()).isZero();
            assertThat(version.out()).containsPattern("Server Version: .*" + ApiDiscovery.KUBERNETES_VERSION.replace("+", "\\+"));

            Kubectl.Run get = kubectl.run("get", "deploy,svc,cm,routes,leases", "-n", NS);
            assertThat(get.exit()).as(get.err()).isZero();
            assertThat(get.err()).isEmpty();
            assertThat(get.out()).as("the columns OpenShift prints")
                    .containsPattern("(?m)^NAME +READY +UP-TO-DATE +AVAILABLE +AGE$")
                    .containsPattern("(?m)^deployment\\.apps/shop-blue +1/1 +1 +1 +\\d+s$")
                    .containsPattern("(?m)^deployment\\.apps/shop-green +1/1 +1 +1 +\\d+s$")
                    .containsPattern("(?m)^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE$")
                    .containsPattern("(?m)^service/shop-blue +ClusterIP +<none> +<none> +8080/TCP +\\d+s$")
                    .containsPattern("(?m)^service/shop-green +ClusterIP ")
                    .containsPattern("(?m)^configmap/shop-delivery +\\d+ +\\d+s$")
                    .containsPattern("(?m)^NAME +HOST/PORT +PATH +SERVICES +PORT +TERMINATION +WILDCARD$")
                    .containsPattern("(?m)^route\\.route\\.openshift\\.io/shop +shop-" + NS + "\\.apps\\.sandbox +shop-blue\\(80%\\),shop-green\\(20%\\) +<all> +None$")
                    .containsPattern("(?m)^NAME +HOLDER +AGE$")
                    .containsPattern("(?m)^lease\\.coordination\\.k8s\\.io/shop-delivery +cli:\\S+ +\\d+s$");

            Kubectl.Run yaml = kubectl.run("get", "route", "shop", "-o", "yaml");
            assertThat(yaml.exit()).as(yaml.err()).isZero();
            Route route = new KubernetesSerialization().unmarshal(yaml.out(), Route.class);
            assertThat(route.getSpec().getTo().getName() + "=" + route.getSpec().getTo().getWeight()).isEqualTo("shop-blue=80");
            assertThat(route.getSpec().getAlternateBackends()).extracting(RouteTargetReference::getName, RouteTargetReference::getWeight)
                    .containsExactly(tuple("shop-green", 20));
            assertThat(route.getStatus().getIngress()).singleElement().satisfies(i -> {
                assertThat(i.getHost()).isEqualTo("shop-" + NS + ".apps.sandbox");
                assertThat(i.getRouterName()).isEqualTo("default");
                assertThat(i.getConditions().get(0).getType() + "=" + i.getConditions().get(0).getStatus()).isEqualTo("Admitted=True");
            });

            Kubectl.Run describe = kubectl.run("describe", "deploy", "shop-green");
            assertThat(describe.exit()).as(describe.err()).isZero();
            assertThat(describe.out()).containsPattern("Image: +" + IMAGE + "v2")
                    .containsPattern("Available +True +MinimumReplicasAvailable")
                    .containsPattern("Progressing +True +NewReplicaSetAvailable");

            CliRun abort = cli(kubeconfig, "abort", "shop");
            assertThat(abort.exit()).as(abort.out() + abort.err()).isZero();
            assertThat(canary.get(20, TimeUnit.SECONDS).out()).contains("ABORTED");
        } finally {
            exitCode = serve.stop();
        }
        assertThat(exitCode).isZero();
    }
}
