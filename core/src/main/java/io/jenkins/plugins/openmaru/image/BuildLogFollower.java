package io.jenkins.plugins.openmaru.image;

import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams one Build's log, line by line, to a consumer, keeping the last lines for error messages.
 * It opens the log once the build has started (before that OpenShift has no build pod to read
 * from); the stream ends when the build does. No thread waits meanwhile: a watch says when the
 * build started, and the HTTP client delivers the log's bytes as they come.
 */
final class BuildLogFollower {
    private static final Logger LOGGER = Logger.getLogger(BuildLogFollower.class.getName());
    static final int TAIL_LINES = 20;

    private final OpenShiftClient client;
    private final String namespace;
    private final String name;
    private final Consumer<String> consumer;
    private final Duration timeout;
    private final Deque<String> tail = new ArrayDeque<>();
    /** Completes when the log stream ended, or there will be none. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile CompletableFuture<List<Build>> started;
    private volatile LogWatch watch;

    BuildLogFollower(OpenShiftClient client, String namespace, String name, Consumer<String> consumer, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.consumer = consumer;
        this.timeout = timeout;
    }

    void start() {
        CompletableFuture<List<Build>> s = client.builds().inNamespace(namespace).withName(name).informOnCondition(l -> l.isEmpty()
                || !List.of(BuildPhase.NEW, BuildPhase.PENDING).contains(BuildPhase.of(l.get(0).getStatus() == null ? null : l.get(0).getStatus().getPhase())));
        started = s;
        // Async: opening the log is a request, which must not run on the watch's own thread.
        s.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((builds, error) -> {
            if (error != null || builds.isEmpty() || stopped) {
                ended.complete(null);
                return;
            }
            open();
        });
    }

    private void open() {
        LineSplitter lines = new LineSplitter(line -> {
            remember(line);
            consumer.accept(line);
        });
        try {
            LogWatch w = client.builds().inNamespace(namespace).withName(name).watchLog(lines);
            watch = w;
            w.onClose().whenComplete((failure, error) -> {
                lines.close();
                ended.complete(null);
            });
            if (stopped) {
                w.close();
            }
        } catch (RuntimeException e) {
            // The build's outcome does not depend on its log; say why the log stopped and go on.
            LOGGER.log(Level.FINE, "log of build " + namespace + "/" + name + " could not be opened", e);
            ended.complete(null);
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** Waits a bounded time for the stream to end on its own, then closes it. */
    void finish(Duration grace) throws InterruptedException {
        try {
            ended.get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.log(Level.FINE, "log of build " + namespace + "/" + name + " did not end on its own", e);
        }
        stop();
    }

    /** {@link #finish} without waiting: completes once the stream ended or {@code grace} passed, and the stream is closed. */
    CompletableFuture<Void> finished(Duration grace) {
        return ended.copy().completeOnTimeout(null, grace.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> stop());
    }

    void stop() {
        stopped = true;
        CompletableFuture<List<Build>> s = started;
        if (s != null) {
            s.cancel(true);
        }
        LogWatch w = watch;
        if (w != null) {
            w.close();
        }
    }

    /** The last lines seen, oldest first. */
    synchronized List<String> tail() {
        return new ArrayList<>(tail);
    }

    /** The stored log's last lines, read once more after the build ended. */
    List<String> fetchTail() {
        try {
            String log = client.builds().inNamespace(namespace).withName(name).tailingLines(TAIL_LINES).getLog();
            List<String> lines = log == null || log.isBlank() ? List.of() : List.of(log.strip().split("\n"));
            return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        } catch (RuntimeException e) {
            LOGGER.log(Level.FINE, "no log for build " + namespace + "/" + name, e);
            return List.of();
        }
    }
}
