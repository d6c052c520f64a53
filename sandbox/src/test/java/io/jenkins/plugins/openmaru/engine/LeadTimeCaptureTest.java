package io.jenkins.plugins.openmaru.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.openshift.api.model.ImageBuilder;
import io.fabric8.openshift.api.model.ImageStreamImage;
import io.fabric8.openshift.api.model.ImageStreamImageBuilder;
import io.fabric8.openshift.api.model.ImageStreamTag;
import io.fabric8.openshift.api.model.ImageStreamTagBuilder;
import io.jenkins.plugins.openmaru.model.Dora;
import io.jenkins.plugins.openmaru.model.DoraFigures;
import io.jenkins.plugins.openmaru.model.Release;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commit time of a release is read from the image's labels in the cluster when the release is recorded. */
class LeadTimeCaptureTest extends ClusterTestBase {
    private static final String REGISTRY = "image-registry.openshift-image-registry.svc:5000";
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    private static Map<String, Object> labels(Map<String, String> labels) {
        return Map.of("Config", Map.of("Labels", labels));
    }

    private void tag(String name, Map<String, String> labels) {
        ImageStreamTag t = new ImageStreamTagBuilder().withNewMetadata().withName(name).withNamespace(app.namespace()).endMetadata()
                .withImage(new ImageBuilder().withNewMetadata().withName(DIGEST).endMetadata().withDockerImageMetadata(labels(labels)).build()).build();
        client.resources(ImageStreamTag.class).inNamespace(app.namespace()).resource(t).create();
    }

    private Release release(String image) {
        EngineHarness.firstRelease(engine, client, app, image);
        List<Release> history = engine.status(app).history();
        return history.get(history.size() - 1);
    }

    @Test
    void theS2iCommitDateOfAnImageStreamTagIsTheReleasesCommitTime() {
        tag("shop:2.0", Map.of("io.openshift.build.commit.date", "Tue Dec 1 10:00:00 2026 +0100",
                "org.opencontainers.image.created", "2026-12-01T11:00:00Z"));

        Release r = release(REGISTRY + "/" + app.namespace() + "/shop:2.0");

        assertThat(r.committedAt()).as("the commit, not the build").isEqualTo(Instant.parse("2026-12-01T09:00:00Z"));
        DoraFigures week = Dora.of(List.of(r), List.of(), r.at(), Duration.ofDays(7));
        assertThat(week.medianLeadTime()).isEqualTo(Duration.between(r.committedAt(), r.at()));
        assertThat(week.deploymentsWithoutCommitTime()).isZero();
    }

    @Test
    void aDigestPinnedImageIsLookedUpByItsImageStreamImageAndTheOciCreatedLabelServes() {
        ImageStreamImage isi = new ImageStreamImageBuilder().withNewMetadata().withName("shop@" + DIGEST).withNamespace(app.namespace()).endMetadata()
                .withImage(new ImageBuilder().withNewMetadata().withName(DIGEST).endMetadata()
                        .withDockerImageMetadata(labels(Map.of("org.opencontainers.image.created", "2026-11-30T08:15:00+01:00"))).build()).build();
        client.resources(ImageStreamImage.class).inNamespace(app.namespace()).resource(isi).create();

        Release r = release(REGISTRY + "/" + app.namespace() + "/shop@" + DIGEST);

        assertThat(r.committedAt()).isEqualTo(Instant.parse("2026-11-30T07:15:00Z"));
    }

    @Test
    void anImageWithoutLabelsOrFromAnotherRegistryHasNoCommitTime() {
        tag("shop:3.0", Map.of("vendor", "acme"));
        assertThat(release(REGISTRY + "/" + app.namespace() + "/shop:3.0").committedAt()).isNull();
        assertThat(ImageCommitTime.of(client, "quay.io/acme/shop:1.0")).isEmpty();
        assertThat(ImageCommitTime.of(client, "shop:1.0")).isEmpty();
    }
}
