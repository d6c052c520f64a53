package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.Image;
import io.fabric8.openshift.api.model.ImageStreamImage;
import io.fabric8.openshift.api.model.ImageStreamTag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When the change an image carries was committed, as the cluster records the image: the S2I build's commit date
 * label, else the OCI created label. Read from the ImageStreamImage ({@code <ns>/<stream>@sha256:…}, content-addressed)
 * or ImageStreamTag ({@code <ns>/<stream>:<tag>}) the reference names. Anything else (an image from another registry,
 * no label, no access) has no commit time: it is counted as such, never guessed.
 */
final class ImageCommitTime {
    /** Set by S2I from {@code git log}: the commit's committer date. */
    static final String S2I_COMMIT_DATE = "io.openshift.build.commit.date";
    /** Set by most image builders: when the image was built, RFC 3339. */
    static final String OCI_CREATED = "org.opencontainers.image.created";
    /** Git's default date format, as S2I writes it: {@code Tue Mar 14 10:12:34 2023 +0100}. */
    private static final DateTimeFormatter GIT_DATE = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy Z", Locale.ROOT);
    private static final Logger LOG = Logger.getLogger(ImageCommitTime.class.getName());

    private ImageCommitTime() {}

    static Optional<Instant> of(KubernetesClient client, String image) {
        try {
            return labels(client, image).flatMap(ImageCommitTime::fromLabels);
        } catch (KubernetesClientException e) {
            LOG.log(Level.FINE, "no commit time for " + image + ": its image stream cannot be read", e);
            return Optional.empty();
        }
    }

    static Optional<Instant> fromLabels(Map<?, ?> labels) {
        Optional<Instant> commit = parse(labels.get(S2I_COMMIT_DATE), GIT_DATE);
        return commit.isPresent() ? commit : parse(labels.get(OCI_CREATED), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static Optional<Instant> parse(Object value, DateTimeFormatter format) {
        if (!(value instanceof String text) || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(format == GIT_DATE ? ZonedDateTime.parse(text.trim(), format).toInstant() : OffsetDateTime.parse(text.trim(), format).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<?, ?>> labels(KubernetesClient client, String image) {
        String[] path = image.split("/");
        if (path.length < 3) {
            return Optional.empty();
        }
        String namespace = path[path.length - 2];
        String name = path[path.length - 1];
        Image found;
        if (name.contains("@")) {
            ImageStreamImage isi = client.resources(ImageStreamImage.class).inNamespace(namespace).withName(name).get();
            found = isi == null ? null : isi.getImage();
        } else if (name.contains(":")) {
            ImageStreamTag ist = client.resources(ImageStreamTag.class).inNamespace(namespace).withName(name).get();
            found = ist == null ? null : ist.getImage();
        } else {
            return Optional.empty();
        }
        if (found == null) {
            return Optional.empty();
        }
        // fabric8 reads the metadata as a RawExtension around the JSON map
        Object raw = found.getDockerImageMetadata() instanceof AnyType any ? any.getValue() : found.getDockerImageMetadata();
        if (!(raw instanceof Map<?, ?> metadata) || !(metadata.get("Config") instanceof Map<?, ?> config)
                || !(config.get("Labels") instanceof Map<?, ?> labels)) {
            return Optional.empty();
        }
        return Optional.of(labels);
    }
}
