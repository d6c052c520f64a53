package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.image.S2iBuilder;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The sandbox the CLI and the demo use runs builds too, and records only the user's requests. */
class BuildsOnSimulatedOpenShiftTest {
    @Test
    void aSourceBuildAndAnImageImportRunOnTheSandbox() throws Exception {
        try (SimulatedOpenShift cluster = SimulatedOpenShift.start(Duration.ofMillis(20))) {
            OpenShiftClient client = cluster.newClient().adapt(OpenShiftClient.class);
            List<String> lines = new CopyOnWriteArrayList<>();
            S2iBuilder builder = new S2iBuilder(client);

            BuildResult built = builder.run(BuildSpec.builder("demo", "shop", BuildMode.SOURCE)
                    .git("https://git.example.com/team/shop.git", null).timeout(Duration.ofSeconds(20)).build(), null, lines::add);
            BuildResult imported = builder.run(BuildSpec.builder("demo", "cart", BuildMode.IMAGE)
                    .image("quay.io/openmaru/cart:2.0").build(), null, lines::add);

            assertThat(built.image()).startsWith("image-registry.openshift-image-registry.svc:5000/demo/shop@sha256:");
            assertThat(lines).contains("Push successful");
            assertThat(imported.image()).startsWith("quay.io/openmaru/cart@sha256:");
            assertThat(cluster.requests()).extracting(r -> r.method() + " " + r.path().replaceAll("\\?.*", ""))
                    .contains("POST /apis/build.openshift.io/v1/namespaces/demo/buildconfigs/shop/instantiate",
                            "POST /apis/image.openshift.io/v1/namespaces/demo/imagestreamimports")
                    .noneMatch(r -> r.contains("/status"));
        }
    }
}
