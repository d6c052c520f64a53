package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildConfigBuilder;
import io.fabric8.openshift.api.model.BuildRequestBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated build controller as any client sees it, without the plugin's build code. */
class BuildControllerTest {
    final BuildMockServer server = new BuildMockServer(false);
    OpenShiftClient client;
    BuildController controller;

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        server.destroy();
    }

    @BeforeEach
    void start() {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().adapt(OpenShiftClient.class);
        controller = new BuildController(server, server.createClient().adapt(OpenShiftClient.class));
        client.buildConfigs().inNamespace("ns").resource(new BuildConfigBuilder().withNewMetadata().withName("api").endMetadata()
                .withNewSpec().withNewSource().withType("Git").withNewGit().withUri("https://git.example.com/api.git").endGit().endSource()
                .withNewStrategy().withType("Source").withNewSourceStrategy().withNewFrom().withKind("ImageStreamTag")
                .withName("java:17").endFrom().endSourceStrategy().endStrategy()
                .withNewOutput().withNewTo().withKind("ImageStreamTag").withName("api:latest").endTo().endOutput()
                .endSpec().build()).create();
    }

    // Awaits the Complete event itself, however slowly a loaded machine delivers it; the method's timeout only guards
    // against a hang.
    @Test
    @Timeout(60)
    void aBuildMovesFromNewThroughRunningToCompleteAndServesItsLog() throws Exception {
        List<String> phases = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> complete = new CompletableFuture<>();
        var informer = client.builds().inNamespace("ns").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Build b) {
                phases.add(b.getStatus().getPhase());
                if ("Complete".equals(b.getStatus().getPhase())) {
                    complete.complete(null);
                }
            }

            @Override
            public void onUpdate(Build old, Build b) {
                if (!old.getStatus().getPhase().equals(b.getStatus().getPhase())) {
                    phases.add(b.getStatus().getPhase());
                }
                if ("Complete".equals(b.getStatus().getPhase())) {
                    complete.complete(null);
                }
            }

            @Override
            public void onDelete(Build b, boolean unknown) {
            }
        });

        Build build = client.buildConfigs().inNamespace("ns").withName("api")
                .instantiate(new BuildRequestBuilder().withNewMetadata().withName("api").endMetadata().build());

        assertThat(build.getMetadata().getName()).isEqualTo("api-1");
        assertThat(build.getMetadata().getLabels()).containsEntry("openshift.io/build-config.name", "api");
        complete.get();
        informer.close();
        assertThat(phases).containsExactly("New", "Running", "Complete");
        assertThat(client.buildConfigs().inNamespace("ns").withName("api").get().getStatus().getLastVersion()).isEqualTo(1);
        assertThat(client.builds().inNamespace("ns").withName("api-1").getLog())
                .startsWith("Cloning \"https://git.example.com/api.git\" ...").contains("Push successful");
    }

    // oc cancel-build right after the build was created: it ends Cancelled and stays so (it was shown Running after).
    @Test
    @Timeout(60)
    void aBuildCancelledWhileNewNeverRuns() throws Exception {
        controller.close();
        Duration step = Duration.ofSeconds(1);
        controller = new BuildController(server.subresources(), server.createClient().adapt(OpenShiftClient.class), step);
        List<String> phases = new CopyOnWriteArrayList<>();
        var informer = client.builds().inNamespace("ns").inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Build b) {
                phases.add(b.getStatus().getPhase());
            }

            @Override
            public void onUpdate(Build old, Build b) {
                if (!old.getStatus().getPhase().equals(b.getStatus().getPhase())) {
                    phases.add(b.getStatus().getPhase());
                }
            }

            @Override
            public void onDelete(Build b, boolean unknown) {
            }
        });

        client.buildConfigs().inNamespace("ns").withName("api").instantiate(new BuildRequestBuilder().withNewMetadata().withName("api").endMetadata().build());
        client.builds().inNamespace("ns").withName("api-1").edit(b -> {
            b.getStatus().setCancelled(true);
            return b;
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> phases.contains("Cancelled"));
        Thread.sleep(step.multipliedBy(3).toMillis());
        informer.close();
        assertThat(phases).containsExactly("New", "Cancelled");
        assertThat(client.builds().inNamespace("ns").withName("api-1").get().getStatus().getPhase()).isEqualTo("Cancelled");
    }

    @Test
    void instantiatingAMissingBuildConfigIsNotFound() {
        assertThatThrownBy(() -> client.buildConfigs().inNamespace("ns").withName("absent")
                .instantiate(new BuildRequestBuilder().withNewMetadata().withName("absent").endMetadata().build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void requestsOutsideTheBuildSubresourcesReachTheCrudStore() {
        client.configMaps().inNamespace("ns").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("c").endMetadata().addToData("k", "v").build()).create();
        assertThat(client.configMaps().inNamespace("ns").withName("c").get().getData()).containsEntry("k", "v");
        server.reset();
        assertThat(client.configMaps().inNamespace("ns").withName("c").get()).isNull();
    }
}
