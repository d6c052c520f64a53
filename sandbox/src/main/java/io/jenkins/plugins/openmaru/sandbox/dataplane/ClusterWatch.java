package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.openshift.api.model.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Informers on the objects the data plane follows (Deployments, Services, Routes, HTTPRoutes);
 * any change to any of them calls {@code onChange}.
 */
final class ClusterWatch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterWatch.class.getName());

    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Route> routes;
    private final SharedIndexInformer<HTTPRoute> httpRoutes;

    /** Prepares the informers; nothing is watched (and {@code onChange} never runs) before {@link #start}. */
    ClusterWatch(KubernetesClient client, Optional<String> namespace, Runnable onChange) {
        deployments = informer(namespace.map(ns -> client.apps().deployments().inNamespace(ns).runnableInformer(0))
                .orElseGet(() -> client.apps().deployments().inAnyNamespace().runnableInformer(0)), onChange);
        services = informer(namespace.map(ns -> client.services().inNamespace(ns).runnableInformer(0))
                .orElseGet(() -> client.services().inAnyNamespace().runnableInformer(0)), onChange);
        routes = informer(namespace.map(ns -> client.resources(Route.class).inNamespace(ns).runnableInformer(0))
                .orElseGet(() -> client.resources(Route.class).inAnyNamespace().runnableInformer(0)), onChange);
        httpRoutes = informer(namespace.map(ns -> client.resources(HTTPRoute.class).inNamespace(ns).runnableInformer(0))
                .orElseGet(() -> client.resources(HTTPRoute.class).inAnyNamespace().runnableInformer(0)), onChange);
    }

    /** Lists and starts watching; throws {@link IllegalStateException} if the API server does not answer in time. */
    void start(Duration timeout) {
        try {
            for (SharedIndexInformer<?> informer : informers) {
                informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted while starting to watch the cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("Cannot watch Deployments, Services, Routes and HTTPRoutes within "
                    + timeout.toSeconds() + " s: " + e.getMessage(), e);
        }
    }

    private <T extends HasMetadata> SharedIndexInformer<T> informer(SharedIndexInformer<T> informer, Runnable onChange) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        });
        informers.add(informer);
        return informer;
    }

    List<Deployment> deployments() {
        return deployments.getStore().list();
    }

    List<Route> routes() {
        return routes.getStore().list();
    }

    List<HTTPRoute> httpRoutes() {
        return httpRoutes.getStore().list();
    }

    /** The Service's pod selector; empty when the Service does not exist. */
    Optional<Map<String, String>> selector(String namespace, String name) {
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name))
                .map(s -> s.getSpec() == null || s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector());
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : informers) {
            try {
                informer.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Informer did not close cleanly", e);
            }
        }
    }
}
