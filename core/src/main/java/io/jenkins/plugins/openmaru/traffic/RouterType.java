package io.jenkins.plugins.openmaru.traffic;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.RouterKind;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One way of routing as {@link TrafficRouters} sees it: how to build its router, how to recognise an app that
 * already routes this way, and whether a first deployment should. Each router class supplies its own, so a new
 * router brings its detection with it.
 */
public interface RouterType {

    RouterKind kind();

    TrafficRouter create(KubernetesClient client, AppRef app);

    /** The object that routes this way, as reasons name it, e.g. {@code Route}. */
    String object();

    /** Why {@code app} already routes this way (its object exists); empty when it does not. Only reads. */
    Optional<String> inUse(KubernetesClient client, AppRef app);

    /** Why an app with no routing object yet should route this way on this cluster; empty when it should not. Only reads. */
    default Optional<String> firstChoice(KubernetesClient client, AppRef app) {
        return Optional.empty();
    }

    /**
     * Checks, by reading only, that a rollout asking for this way can move traffic, before the candidate is deployed.
     *
     * @throws TrafficException saying what is missing
     */
    default void checkUsable(KubernetesClient client, AppRef app) {
    }

    /** {@code "<object> <app> exists"} when an object of {@code type} named like the app exists; empty otherwise. */
    static Optional<String> named(KubernetesClient client, AppRef app, Class<? extends HasMetadata> type, String object) {
        HasMetadata o = getOrNull(() -> client.resources(type).inNamespace(app.namespace()).withName(app.app()).get());
        return o == null ? Optional.empty() : Optional.of(object + " " + app + " exists");
    }

    /** The object {@code get} reads, or null when it is absent or its API is not served (404). */
    static <T> T getOrNull(Supplier<T> get) {
        try {
            return get.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
