package io.jenkins.plugins.openmaru.image;

import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildRequestBuilder;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Produces a digest-pinned image for an app in one of three modes: an S2I build from Git, an S2I
 * build from an uploaded binary, or an import of a ready image. Builds create or update the
 * app's ImageStream and BuildConfig first, so the same call works for the first build and the
 * hundredth.
 */
public final class S2iBuilder {
    private final OpenShiftClient client;
    private final ResourceApplier applier;

    public S2iBuilder(OpenShiftClient client) {
        this.client = client;
        this.applier = new ResourceApplier(client);
    }

    /** Builds (or imports) and waits; the log goes line by line to {@code log}. */
    public BuildResult run(BuildSpec spec, BinaryInput binary, Consumer<String> log) throws InterruptedException {
        if (spec.mode() == BuildMode.IMAGE) {
            return new ImageImporter(client, applier).importImage(spec);
        }
        return start(spec, binary, log).await();
    }

    /**
     * Starts a source or binary build and returns at once; the log starts streaming to
     * {@code log} as soon as the build runs.
     *
     * @param binary what to upload in binary mode; must be null in source mode
     */
    public BuildRun start(BuildSpec spec, BinaryInput binary, Consumer<String> log) {
        return start(spec, binary, log, BuildCreation.NONE);
    }

    /**
     * As {@link #start(BuildSpec, BinaryInput, Consumer)}, telling {@code creation} just before the Build is created
     * (it may refuse by throwing) and as soon as it exists.
     */
    public BuildRun start(BuildSpec spec, BinaryInput binary, Consumer<String> log, BuildCreation creation) {
        if (spec.mode() == BuildMode.IMAGE) {
            throw new ValidationException("mode", "image", "source or binary to start a build");
        }
        if ((spec.mode() == BuildMode.BINARY) != (binary != null)) {
            throw new ValidationException("binary", binary == null ? "nothing" : "an upload",
                    spec.mode() == BuildMode.BINARY ? "a file or directory to upload in binary mode" : "no upload in source mode");
        }
        Instant started = Instant.now();
        applier.apply(spec.namespace(), List.of(BuildObjects.imageStream(spec), BuildObjects.buildConfig(spec)));
        creation.creating();
        Build build = spec.mode() == BuildMode.SOURCE ? instantiate(spec) : instantiateBinary(spec, binary);
        String name = build.getMetadata().getName();
        creation.created(name);
        BuildLogFollower follower = new BuildLogFollower(client, spec.namespace(), name, log, spec.timeout());
        follower.start();
        return new BuildRun(client, spec.namespace(), spec.app(), spec.mode(), spec.outputTag(), spec.timeout(), name, started, follower);
    }

    /**
     * Follows a Build that an earlier {@link #start} created, e.g. after the process that started it
     * restarted: its log streams to {@code log} again from the beginning, and {@code timeout} counts
     * from the Build's creation.
     *
     * @param app the app (BuildConfig and ImageStream) the build belongs to
     * @throws BuildFailedException if the Build no longer exists
     */
    public BuildRun attach(String namespace, String app, String buildName, Duration timeout, Consumer<String> log) {
        Build build = client.builds().inNamespace(namespace).withName(buildName).get();
        if (build == null) {
            throw new BuildFailedException(buildName, BuildPhase.ERROR, "no longer exists in namespace " + namespace, List.of());
        }
        var source = build.getSpec().getSource();
        BuildMode mode = source.getBinary() != null || "Binary".equals(source.getType()) ? BuildMode.BINARY : BuildMode.SOURCE;
        String to = build.getSpec().getOutput() == null || build.getSpec().getOutput().getTo() == null ? "" : build.getSpec().getOutput().getTo().getName();
        String outputTag = to.contains(":") ? to.substring(to.indexOf(':') + 1) : "latest";
        String created = build.getMetadata().getCreationTimestamp();
        Instant started = created == null ? Instant.now() : Instant.parse(created);
        BuildLogFollower follower = new BuildLogFollower(client, namespace, buildName, log, timeout);
        follower.start();
        return new BuildRun(client, namespace, app, mode, outputTag, timeout, buildName, started, follower);
    }

    private Build instantiate(BuildSpec spec) {
        return client.buildConfigs().inNamespace(spec.namespace()).withName(spec.app())
                .instantiate(new BuildRequestBuilder().withNewMetadata().withName(spec.app()).endMetadata().build());
    }

    private Build instantiateBinary(BuildSpec spec, BinaryInput binary) {
        var request = client.buildConfigs().inNamespace(spec.namespace()).withName(spec.app()).instantiateBinary();
        var upload = binary.asFile() != null ? request.asFile(binary.asFile()) : request;
        try (InputStream in = binary.open()) {
            // Without a timeout an upload the server never answers would hang the caller forever.
            return upload.withTimeout(spec.timeout().toMillis(), TimeUnit.MILLISECONDS).fromInputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the binary to upload: " + e.getMessage(), e);
        }
    }
}
