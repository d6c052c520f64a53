package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one set of simulated pods per Deployment in step with the cluster: as many pods as
 * {@code spec.replicas}, of which {@code status.readyReplicas} are ready. A changed image or env
 * replaces the pods at once; unchanged pods are kept so that balancing state survives.
 */
final class PodFleet {

    private static final Logger LOG = Logger.getLogger(PodFleet.class.getName());

    record Key(String namespace, String name) { }

    private final RequestMetrics metrics;
    private volatile Map<Key, DeploymentPods> pods = Map.of();
    private final Map<Key, String> reported = new HashMap<>();

    PodFleet(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    /** Called from one thread at a time, with every Deployment the data plane sees. */
    synchronized void sync(Collection<Deployment> deployments) {
        Map<Key, DeploymentPods> next = new HashMap<>();
        Set<Key> seen = new HashSet<>();
        for (Deployment deployment : deployments) {
            Key key = new Key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
            seen.add(key);
            podsOf(key, deployment).ifPresent(p -> next.put(key, p));
        }
        reported.keySet().retainAll(seen);
        pods = Map.copyOf(next);
    }

    Optional<DeploymentPods> deployment(String namespace, String name) {
        return Optional.ofNullable(pods.get(new Key(namespace, name)));
    }

    /** The ready pods a Service with this selector would list as its endpoints. */
    List<SimulatedPod> endpoints(String namespace, Map<String, String> selector) {
        List<SimulatedPod> endpoints = new ArrayList<>();
        pods.forEach((key, deployment) -> {
            if (key.namespace().equals(namespace) && deployment.selectedBy(selector)) {
                endpoints.addAll(deployment.ready());
            }
        });
        return endpoints;
    }

    private Optional<DeploymentPods> podsOf(Key key, Deployment deployment) {
        PodBehaviour behaviour;
        try {
            behaviour = PodBehaviour.of(deployment);
        } catch (ValidationException e) {
            // Like a pod in CrashLoopBackOff: it never serves; say why once per distinct problem.
            if (!Objects.equals(reported.put(key, e.getMessage()), e.getMessage())) {
                LOG.log(Level.WARNING, "Deployment {0}/{1} cannot run in the sandbox: {2}",
                        new Object[] {key.namespace(), key.name(), e.getMessage()});
            }
            return Optional.empty();
        }
        reported.remove(key);
        int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int readyReplicas = deployment.getStatus() == null ? 0
                : Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0);
        int ready = behaviour.readiness() == PodBehaviour.Readiness.FAILING ? 0 : readyReplicas;
        PodLabels labels = PodLabels.of(deployment);
        List<SimulatedPod> running = reuse(key, labels, behaviour, Math.max(0, replicas));
        Map<String, String> templateLabels = Optional.ofNullable(deployment.getSpec().getTemplate().getMetadata())
                .map(m -> m.getLabels()).orElse(Map.of());
        return Optional.of(new DeploymentPods(labels, templateLabels == null ? Map.of() : templateLabels, running, ready));
    }

    private List<SimulatedPod> reuse(Key key, PodLabels labels, PodBehaviour behaviour, int replicas) {
        List<SimulatedPod> running = new ArrayList<>();
        DeploymentPods previous = pods.get(key);
        if (previous != null && previous.labels().equals(labels)) {
            previous.running().stream()
                    .filter(p -> p.behaviour().equals(behaviour))
                    .limit(replicas)
                    .forEach(running::add);
        }
        String template = key.name() + "-" + String.format("%08x", behaviour.hashCode());
        for (int i = 0; running.size() < replicas; i++) {
            String name = template + "-" + i;
            if (running.stream().noneMatch(p -> p.name().equals(name))) {
                running.add(new SimulatedPod(name, labels, behaviour, metrics));
            }
        }
        return running;
    }
}
