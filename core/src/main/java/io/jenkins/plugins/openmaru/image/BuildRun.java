package io.jenkins.plugins.openmaru.image;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import io.jenkins.plugins.openmaru.model.BuildResult;
import io.jenkins.plugins.openmaru.model.ImageReferences;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One started Build. {@link #await()} watches it (no polling) until a terminal phase and turns
 * that into a digest-pinned image or a {@link BuildFailedException}; {@link #whenDone} does the
 * same with no thread waiting while the build runs. Cancelling, by {@link #cancel()} or by
 * interrupting the thread in {@code await()}, cancels the Build in the cluster the way
 * {@code oc cancel-build} does, so an aborted job leaves no build running.
 */
public final class BuildRun {
    private static final Duration LOG_GRACE = Duration.ofSeconds(10);
    private static final int CANCEL_ATTEMPTS = 5;

    private final OpenShiftClient client;
    private final String namespace;
    private final String app;
    private final BuildMode mode;
    private final String outputTag;
    private final Duration timeout;
    private final String name;
    private final Instant started;
    private final BuildLogFollower log;

    /**
     * @param app the app whose ImageStream receives the output
     * @param outputTag the ImageStream tag the build pushes to
     * @param timeout how long the build may take, counted from {@code started}
     */
    BuildRun(OpenShiftClient client, String namespace, String app, BuildMode mode, String outputTag, Duration timeout,
            String name, Instant started, BuildLogFollower log) {
        this.client = client;
        this.namespace = namespace;
        this.app = app;
        this.mode = mode;
        this.outputTag = outputTag;
        this.timeout = timeout;
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
        cancel(client, namespace, name);
    }

    /**
     * Cancels the Build {@code namespace/name} as {@code oc cancel-build} does; one that already ended is left alone. The
     * build controller writes a young Build's status while this reads and writes it (409 Conflict): read it again and retry.
     */
    public static void cancel(OpenShiftClient client, String namespace, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.builds().inNamespace(namespace).withName(name).edit(b -> {
                    if (!phase(b).terminal()) {
                        b.getStatus().setCancelled(true);
                    }
                    return b;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == CANCEL_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until the build ends or the timeout (counted from the start) runs out.
     *
     * @return the image the build pushed, pinned by digest
     * @throws BuildFailedException if it failed, errored, was cancelled, deleted, or timed out (then it is cancelled)
     * @throws InterruptedException if the caller was interrupted; the build is cancelled first
     */
    public BuildResult await() throws InterruptedException {
        CompletableFuture<List<Build>> ended = ended();
        List<Build> result;
        try {
            result = ended.get(remainingMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            ended.cancel(true);
            cancelOnTheWayOut(e);
            throw e;
        } catch (TimeoutException e) {
            ended.cancel(true);
            throw timedOut();
        } catch (ExecutionException e) {
            throw lostTrack(e.getCause());
        }
        log.finish(LOG_GRACE);
        return outcome(result);
    }

    /**
     * The build's outcome without a waiting thread: the same watch and timeout as {@link #await()}
     * (a timed-out build is cancelled), and once it ends the short work of reading the result
     * (the log's end, the output image) runs on {@code executor}. The future fails with
     * {@link BuildFailedException} as {@code await()} throws it. Cancelling the future stops
     * watching but leaves the build running: call {@link #cancel()} for that.
     */
    public CompletableFuture<BuildResult> whenDone(Executor executor) {
        CompletableFuture<List<Build>> ended = ended();
        CompletableFuture<BuildResult> done = ended.orTimeout(remainingMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(result -> log.finished(LOG_GRACE).thenApply(v -> result))
                .handleAsync((result, error) -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        throw timedOut();
                    }
                    if (cause instanceof CancellationException c) {
                        throw c;
                    }
                    if (cause != null) {
                        throw lostTrack(cause);
                    }
                    return outcome(result);
                }, executor);
        done.whenComplete((result, error) -> {
            if (done.isCancelled()) {
                ended.cancel(true);
                log.stop();
            }
        });
        return done;
    }

    private CompletableFuture<List<Build>> ended() {
        return client.builds().inNamespace(namespace).withName(name).informOnCondition(l -> l.isEmpty() || phase(l.get(0)).terminal());
    }

    private long remainingMillis() {
        return Math.max(Duration.between(Instant.now(), started.plus(timeout)).toMillis(), 1);
    }

    private BuildFailedException timedOut() {
        BuildFailedException timedOut = failure(BuildPhase.CANCELLED, "did not finish within " + timeout + " and was cancelled");
        cancelOnTheWayOut(timedOut);
        return timedOut;
    }

    private IllegalStateException lostTrack(Throwable cause) {
        log.stop();
        return new IllegalStateException("lost track of build " + name + ": " + cause.getMessage(), cause);
    }

    /** The ended build's image, or why there is none. */
    private BuildResult outcome(List<Build> result) {
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
        return new BuildResult(app, mode, name, pinned, ImageReferences.digest(pinned), Duration.between(started, Instant.now()));
    }

    /** Cancels while another exception is on its way up; a failure to cancel must not hide it. */
    private void cancelOnTheWayOut(Exception cause) {
        log.stop();
        try {
            cancel();
        } catch (KubernetesClientException e) {
            cause.addSuppressed(e);
        }
    }

    /** The stored log's tail is complete even if the stream broke off; the streamed lines are the fallback. */
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
        ImageStream stream = client.imageStreams().inNamespace(namespace).withName(app).get();
        if (stream != null && stream.getStatus() != null) {
            for (var tag : stream.getStatus().getTags()) {
                if (outputTag.equals(tag.getTag()) && !tag.getItems().isEmpty()
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
