package io.jenkins.plugins.openmaru.build;

import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams one Build's log, line by line, to a consumer on a thread of its own, keeping the last
 * lines for error messages. It opens the log once the build has started (before that OpenShift
 * has no build pod to read from); the stream ends when the build does.
 */
final class BuildLogFollower {
    private static final Logger LOGGER = Logger.getLogger(BuildLogFollower.class.getName());
    static final int TAIL_LINES = 20;

    private final OpenShiftClient client;
    private final String namespace;
    private final String name;
    private final Consumer<String> consumer;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;
    private volatile CompletableFuture<List<Build>> started;
    private volatile LogWatch watch;

    BuildLogFollower(OpenShiftClient client, String namespace, String name, Consumer<String> consumer, Duration timeout) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.consumer = consumer;
        this.thread = new Thread(() -> follow(timeout), "openmaru-build-log-" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void follow(Duration timeout) {
        try {
            started = client.builds().inNamespace(namespace).withName(name).informOnCondition(l -> l.isEmpty()
                    || !List.of(BuildPhase.NEW, BuildPhase.PENDING).contains(BuildPhase.of(l.get(0).getStatus() == null ? null : l.get(0).getStatus().getPhase())));
            if (started.get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                return;
            }
            watch = client.builds().inNamespace(namespace).withName(name).watchLog();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    remember(line);
                    consumer.accept(line);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The build's outcome does not depend on its log; say why the log stopped and go on.
            LOGGER.log(Level.FINE, "log of build " + namespace + "/" + name + " ended early", e);
        } finally {
            stop();
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
        thread.join(grace.toMillis());
        stop();
    }

    void stop() {
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
