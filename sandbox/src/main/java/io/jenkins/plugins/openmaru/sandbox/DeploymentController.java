package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays the Deployment controller against the mock API server: when a Deployment's spec changes, it
 * writes the rolled-out status, with the {@code Available} and {@code Progressing} conditions
 * ({@link DeploymentConditions}), through {@code /status} after a delay (per app, so a test can make one
 * app slow). A Deployment scaled to 0 reports 0 replicas; one whose container env has
 * {@code SANDBOX_FAIL_READINESS=true} is observed but never becomes available; a paused one
 * ({@code spec.paused}) updates no pod until it is resumed.
 */
public final class DeploymentController implements AutoCloseable {
    public static final String FAIL_READINESS_ENV = "SANDBOX_FAIL_READINESS";
    private static final Logger LOG = Logger.getLogger(DeploymentController.class.getName());
    private static final Duration PODS_POLL = Duration.ofMillis(50);

    private final KubernetesClient client;
    private final ScheduledExecutorService executor;
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private volatile Duration defaultDelay;
    private volatile Predicate<Deployment> podsRunning = d -> true;
    private volatile Watch watch;
    private volatile boolean closed;

    DeploymentController(KubernetesClient client, Duration defaultDelay) {
        this.client = client;
        this.defaultDelay = defaultDelay;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-deployment-controller");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        watch = client.apps().deployments().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment d) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    schedule(d);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (!closed) {
                    LOG.log(Level.FINE, "deployment watch closed, reopening", cause);
                    start();
                }
            }
        });
    }

    /** How long Deployments of every app take to roll out unless set per app. */
    public void setDefaultDelay(Duration d) {
        defaultDelay = Objects.requireNonNull(d);
    }

    /**
     * Holds back a Deployment's available status until {@code running} says its current pods run
     * (the sandbox's data plane), as a real Deployment is available only once its new pods are.
     */
    public void awaitPods(Predicate<Deployment> running) {
        podsRunning = Objects.requireNonNull(running);
    }

    /** How long Deployments labelled {@code delivery.openmaru.io/app=<app>} take to roll out. */
    public void setDelay(String app, Duration d) {
        delays.put(app, Objects.requireNonNull(d));
    }

    private void schedule(Deployment d) {
        if (desiredStatus(d).equals(normalized(d.getStatus()))) {
            return;
        }
        executor.schedule(() -> reconcile(d.getMetadata().getNamespace(), d.getMetadata().getName()),
                delayOf(d).toMillis(), TimeUnit.MILLISECONDS);
    }

    private Duration delayOf(Deployment d) {
        Map<String, String> labels = d.getMetadata().getLabels();
        String app = labels == null ? null : labels.get(SlotWorkloads.APP_LABEL);
        return app == null ? defaultDelay : delays.getOrDefault(app, defaultDelay);
    }

    private void reconcile(String namespace, String name) {
        if (closed) {
            return;
        }
        try {
            Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (d == null) {
                return;
            }
            DeploymentStatus desired = desiredStatus(d);
            if (desired.equals(normalized(d.getStatus()))) {
                return;
            }
            if (!podsRunning.test(d)) {
                executor.schedule(() -> reconcile(namespace, name), PODS_POLL.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            desired.setConditions(DeploymentConditions.stamp(desired.getConditions(),
                    d.getStatus() == null ? null : d.getStatus().getConditions(), Instant.now()));
            d.setStatus(desired);
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        } catch (KubernetesClientException e) {
            if (!closed && e.getCode() == 409) {
                executor.execute(() -> reconcile(namespace, name));
            } else if (!closed) {
                LOG.log(Level.WARNING, "cannot update status of " + namespace + "/" + name, e);
            }
        }
    }

    static DeploymentStatus desiredStatus(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int available = failsReadiness(d) ? 0 : replicas;
        // A paused Deployment's old pods keep serving and none is replaced.
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        DeploymentStatus status = new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(paused ? 0 : replicas)
                .withReadyReplicas(available).withAvailableReplicas(available)
                .withUnavailableReplicas(replicas - available == 0 ? null : replicas - available)
                .build();
        status.setConditions(DeploymentConditions.of(d, status));
        return status;
    }

    private static DeploymentStatus normalized(DeploymentStatus s) {
        if (s == null) {
            return null;
        }
        return new DeploymentStatusBuilder()
                .withObservedGeneration(s.getObservedGeneration())
                .withReplicas(s.getReplicas()).withUpdatedReplicas(s.getUpdatedReplicas())
                .withReadyReplicas(s.getReadyReplicas()).withAvailableReplicas(s.getAvailableReplicas())
                .withUnavailableReplicas(s.getUnavailableReplicas())
                .withConditions(DeploymentConditions.withoutTimes(s.getConditions()))
                .build();
    }

    static boolean failsReadiness(Deployment d) {
        for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
            for (EnvVar e : c.getEnv() == null ? java.util.List.<EnvVar>of() : c.getEnv()) {
                if (FAIL_READINESS_ENV.equals(e.getName()) && "true".equalsIgnoreCase(e.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        executor.shutdownNow();
    }
}
