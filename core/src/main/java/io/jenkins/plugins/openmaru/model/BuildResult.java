package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The image a build (or import) produced, pinned by digest so that every slot that deploys it
 * runs exactly these bytes.
 *
 * @param app application whose ImageStream records the image
 * @param mode how it was produced
 * @param buildName the OpenShift Build, or empty in image mode
 * @param image pinned reference {@code repository@sha256:...}
 * @param digest {@code sha256:...}
 * @param took wall-clock time from start to result
 */
public record BuildResult(String app, BuildMode mode, String buildName, String image, String digest, Duration took) {
    public BuildResult {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(took, "took");
        buildName = buildName == null ? "" : buildName;
        if (!image.endsWith("@" + digest)) {
            throw new IllegalArgumentException("image " + image + " is not pinned by " + digest);
        }
    }
}
