package io.jenkins.plugins.openmaru.build;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.ImageReferences;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One started Build. {@link #await()} watches it (no polling) until a terminal phase and turns
 * that into a digest-pinned image or a {@link BuildFailedException}. Cancelling, by
 * {@link #cancel()} or by interrupting the waiting thread, cancels the Build in the cluster the
 * way {@code oc cancel-build} does, so an aborted job leaves no build running.
 */
public final class BuildRun {
    private static final Duration LOG_GRACE = Duration.ofSeconds(10);

    private final OpenShiftClient client;
    private final BuildSpec spec;
    private final String name;
    private final Instant started;
    private final BuildLogFollower log;

    BuildRun(OpenShiftClient client, BuildSpec spec, String name, Instant started, BuildLogFollower log) {
        this.client = client;
        this.spec = spec;
        this.name = name;
        this.started = started;
        this.log = log;
    }

    /** The Build's name, e.g. {@code shop-3}. */
    public String buildName() {
        return name;
    }

    /** Asks the cluster to cancel the build; a build that already ended is left alone. */
    public void cancel() {
        client.builds().inNamespace(spec.namespace()).withName(name).edit(b -> {
            if (!phase(b).terminal()) {
                b.getStatus().setCancelled(true);
            }
            return b;
        });
    }

    /**
     * Waits until the build ends or {@code spec.timeout()} (counted from the start) runs out.
     *
     * @return the image the build pushed, pinned by digest
     * @throws BuildFailedException if it failed, errored, was cancelled, deleted, or timed out (then it is cancelled)
     * @throws InterruptedException if the caller was interrupted; the build is cancelled first
     */
    public BuildResult await() throws InterruptedException {
        CompletableFuture<List<Build>> ended = client.builds().inNamespace(spec.namespace()).withName(name)
                .informOnCondition(l -> l.isEmpty() || phase(l.get(0)).terminal());
        List<Build> result;
        try {
            long remaining = Duration.between(Instant.now(), started.plus(spec.timeout())).toMillis();
            result = ended.get(Math.max(remaining, 1), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ended.cancel(true);
            cancelOnTheWayOut(e);
            throw e;
        } catch (TimeoutException e) {
            ended.cancel(true);
            BuildFailedException timedOut = failure(BuildPhase.CANCELLED, "did not finish within " + spec.timeout() + " and was cancelled");
            cancelOnTheWayOut(timedOut);
            throw timedOut;
        } catch (ExecutionException e) {
            log.stop();
            throw new IllegalStateException("lost track of build " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
        log.finish(LOG_GRACE);
        if (result.isEmpty()) {
            throw failure(BuildPhase.ERROR, "was deleted before it finished");
        }
        Build build = result.get(0);
        BuildPhase phase = phase(build);
        if (phase != BuildPhase.COMPLETE) {
            String reason = build.getStatus().getReason();
            String message = build.getStatus().getMessage();
            throw failure(phase, reason == null ? message : message == null ? reason : reason + " (" + message + ")");
        }
        String pinned = pinnedOutput(build);
        return new BuildResult(spec.app(), spec.mode(), name, pinned, ImageReferences.digest(pinned), Duration.between(started, Instant.now()));
    }

    /** The stored log's tail is complete even if the stream broke off; the streamed lines are the fallback. */
    /** Cancels while another exception is on its way up; a failure to cancel must not hide it. */
    private void cancelOnTheWayOut(Exception cause) {
        log.stop();
        try {
            cancel();
        } catch (KubernetesClientException e) {
            cause.addSuppressed(e);
        }
    }

    private BuildFailedException failure(BuildPhase phase, String reason) {
        List<String> tail = log.fetchTail();
        return new BuildFailedException(name, phase, reason, tail.isEmpty() ? log.tail() : tail);
    }

    /** The pushed image by digest: from the Build's status, else the head of the output ImageStream tag. */
    private String pinnedOutput(Build build) {
        var status = build.getStatus();
        String digest = status.getOutput() == null || status.getOutput().getTo() == null ? null : status.getOutput().getTo().getImageDigest();
        if (digest != null && status.getOutputDockerImageReference() != null) {
            return ImageReferences.pinned(status.getOutputDockerImageReference(), digest);
        }
        ImageStream stream = client.imageStreams().inNamespace(spec.namespace()).withName(spec.app()).get();
        if (stream != null && stream.getStatus() != null) {
            for (var tag : stream.getStatus().getTags()) {
                if (spec.outputTag().equals(tag.getTag()) && !tag.getItems().isEmpty()
                        && ImageReferences.digest(tag.getItems().get(0).getDockerImageReference()) != null) {
                    return tag.getItems().get(0).getDockerImageReference();
                }
            }
        }
        throw failure(BuildPhase.COMPLETE, "finished but reported no image digest");
    }

    static BuildPhase phase(Build build) {
        return BuildPhase.of(build.getStatus() == null ? null : build.getStatus().getPhase());
    }
}
