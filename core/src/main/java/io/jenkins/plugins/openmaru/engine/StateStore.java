package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.Map;

/**
 * Reads and writes the ConfigMap {@code <app>-delivery}, the only place the engine keeps state.
 * A write carries the resourceVersion that was read (create when there was none), so two writers
 * cannot both win: the second gets {@link StaleStateException}. A conflict that finds the ConfigMap holding exactly
 * what was written is this store's own write whose answer was lost (retried by the client): it succeeded.
 */
public final class StateStore {
    public static final String FORMAT_ANNOTATION = "delivery.openmaru.io/state-format";

    /** The state and the resourceVersion it was read at (null when the ConfigMap does not exist yet). */
    public record Snapshot(DeliveryState state, String resourceVersion) {
        public boolean exists() {
            return resourceVersion != null;
        }
    }

    private static final int REMEMBERED_VERSIONS = 256;

    private final KubernetesClient client;
    /** resourceVersions this store wrote, so a watcher can tell its own writes from someone else's. */
    private final java.util.Deque<String> written = new java.util.concurrent.ConcurrentLinkedDeque<>();

    public StateStore(KubernetesClient client) {
        this.client = client;
    }

    /** Whether this store wrote the state at {@code resourceVersion} (recently). */
    public boolean wrote(String resourceVersion) {
        return written.contains(resourceVersion);
    }

    public static String name(AppRef app) {
        return app.app() + "-delivery";
    }

    public Snapshot load(AppRef app) {
        ConfigMap cm = client.configMaps().inNamespace(app.namespace()).withName(name(app)).get();
        return cm == null ? new Snapshot(DeliveryState.EMPTY, null)
                : new Snapshot(StateCodec.decode(cm.getData()), cm.getMetadata().getResourceVersion());
    }

    /** Writes {@code state} if the ConfigMap is still at {@code resourceVersion}; returns the new snapshot. */
    public Snapshot save(AppRef app, DeliveryState state, String resourceVersion) {
        Map<String, String> data = StateCodec.encode(state);
        ConfigMap cm = new ConfigMapBuilder()
                .withNewMetadata().withName(name(app)).withNamespace(app.namespace())
                .withResourceVersion(resourceVersion)
                .addToLabels(SlotWorkloads.APP_LABEL, app.app())
                .addToAnnotations(FORMAT_ANNOTATION, "1")
                .endMetadata()
                .withData(data)
                .build();
        try {
            ConfigMap saved = resourceVersion == null
                    ? client.configMaps().inNamespace(app.namespace()).resource(cm).create()
                    : client.configMaps().inNamespace(app.namespace()).resource(cm).update();
            return remember(state, saved);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // A retry of our own write whose answer was lost conflicts with that write: the state already is what we wrote.
            ConfigMap now = client.configMaps().inNamespace(app.namespace()).withName(name(app)).get();
            if (now != null && data.equals(now.getData())) {
                return remember(state, now);
            }
            throw new StaleStateException("state of " + app + " changed since it was read (resourceVersion " + resourceVersion + ")", e);
        }
    }

    private Snapshot remember(DeliveryState state, ConfigMap saved) {
        String rv = saved.getMetadata().getResourceVersion();
        written.addLast(rv);
        while (written.size() > REMEMBERED_VERSIONS) {
            written.pollFirst();
        }
        return new Snapshot(state, rv);
    }
}
