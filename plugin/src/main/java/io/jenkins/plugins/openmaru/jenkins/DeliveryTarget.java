package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.AppRef;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One rollout a build drove, as stored in its {@code build.xml}: where (cluster, namespace, app), which
 * revision, who drove it, and who may roll it back. Plain strings and an int, so Jenkins' XStream
 * (JEP-200) needs nothing beyond this plugin's own class. The state itself is read from the cluster.
 */
public final class DeliveryTarget {
    private final String cluster;
    private final String namespace;
    private final String app;
    private final String driver;
    private final int revision;
    private final String approvers;

    public DeliveryTarget(String cluster, String namespace, String app, String driver, int revision, String approvers) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.app = Objects.requireNonNull(app, "app");
        this.driver = driver;
        this.revision = revision;
        this.approvers = approvers == null || approvers.isBlank() ? null : approvers.trim();
    }

    /** Identifies the target in forms and URLs: {@code cluster:namespace/app}. */
    public String getKey() {
        return cluster + ":" + namespace + "/" + app;
    }

    public String getCluster() {
        return cluster;
    }

    public String getNamespace() {
        return namespace;
    }

    public String getApp() {
        return app;
    }

    public String getDriver() {
        return driver;
    }

    public int getRevision() {
        return revision;
    }

    /** Comma-separated user ids and group names allowed to roll back; null when anyone with Build may. */
    public String getApprovers() {
        return approvers;
    }

    public List<String> approverList() {
        return approvers == null ? List.of() : Arrays.stream(approvers.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public AppLocation location() {
        return new AppLocation(cluster, new AppRef(namespace, app));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeliveryTarget t && t.cluster.equals(cluster) && t.namespace.equals(namespace) && t.app.equals(app)
                && t.revision == revision && Objects.equals(t.driver, driver) && Objects.equals(t.approvers, approvers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, namespace, app, revision);
    }

    @Override
    public String toString() {
        return getKey() + "#" + revision;
    }
}
