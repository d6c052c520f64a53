package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;

/** Where a simulated pod belongs: its namespace, app and slot, as its metrics are labelled. */
public record PodLabels(String namespace, String app, String slot) {

    public static final String APP_LABEL = "delivery.openmaru.io/app";
    public static final String SLOT_LABEL = "delivery.openmaru.io/slot";

    /** Falls back to the Deployment's name for workloads the engine did not create. */
    public static PodLabels of(Deployment deployment) {
        Map<String, String> labels = deployment.getMetadata().getLabels() == null
                ? Map.of() : deployment.getMetadata().getLabels();
        String name = deployment.getMetadata().getName();
        return new PodLabels(
                deployment.getMetadata().getNamespace(),
                labels.getOrDefault(APP_LABEL, labels.getOrDefault("app", name)),
                labels.getOrDefault(SLOT_LABEL, name));
    }
}
