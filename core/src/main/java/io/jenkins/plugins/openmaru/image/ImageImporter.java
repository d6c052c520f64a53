package io.jenkins.plugins.openmaru.image;

import io.fabric8.openshift.api.model.ImageStreamImport;
import io.fabric8.openshift.api.model.ImageStreamImportBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.ImageReferences;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Image mode: records a ready image in the app's ImageStream through an ImageStreamImport (what
 * {@code oc import-image} sends), which resolves a tag to the digest the registry holds now.
 * The result is pinned by that digest, so a tag moved later cannot change what gets deployed.
 */
final class ImageImporter {
    private final OpenShiftClient client;
    private final ResourceApplier applier;

    ImageImporter(OpenShiftClient client, ResourceApplier applier) {
        this.client = client;
        this.applier = applier;
    }

    BuildResult importImage(BuildSpec spec) {
        Instant started = Instant.now();
        applier.apply(spec.namespace(), BuildObjects.imageStream(spec));
        ImageStreamImport request = new ImageStreamImportBuilder()
                .withNewMetadata().withName(spec.app()).withNamespace(spec.namespace()).endMetadata()
                .withNewSpec().withImport(true)
                .addNewImage().withNewFrom().withKind("DockerImage").withName(spec.image()).endFrom()
                .withNewTo().withName(spec.outputTag()).endTo()
                .withNewReferencePolicy().withType("Source").endReferencePolicy()
                .endImage()
                .endSpec()
                .build();
        ImageStreamImport response = client.imageStreamImports().inNamespace(spec.namespace()).create(request);
        var images = response.getStatus() == null ? List.<io.fabric8.openshift.api.model.ImageImportStatus>of() : response.getStatus().getImages();
        if (images.isEmpty() || images.get(0).getStatus() == null) {
            throw new BuildFailedException("import of " + spec.image(), BuildPhase.ERROR, "the cluster returned no import status", List.of());
        }
        var status = images.get(0);
        if (!"Success".equals(status.getStatus().getStatus()) || status.getImage() == null) {
            throw new BuildFailedException("import of " + spec.image(), BuildPhase.FAILED,
                    status.getStatus().getReason() + ": " + status.getStatus().getMessage(), List.of());
        }
        String digest = status.getImage().getMetadata().getName();
        String wanted = ImageReferences.digest(spec.image());
        if (wanted != null && !wanted.equals(digest)) {
            throw new BuildFailedException("import of " + spec.image(), BuildPhase.FAILED,
                    "the registry returned " + digest + " instead of the requested digest", List.of());
        }
        return new BuildResult(spec.app(), spec.mode(), "", ImageReferences.pinned(spec.image(), digest), digest,
                Duration.between(started, Instant.now()));
    }
}
