package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.AppRef;
import java.util.Objects;

/** An app in a namespace of a configured cluster: what a step, the build page and the history view act on. */
public record AppLocation(String cluster, AppRef app) {
    public AppLocation {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(app, "app");
    }

    public String namespace() {
        return app.namespace();
    }

    @Override
    public String toString() {
        return cluster + ":" + app;
    }
}
