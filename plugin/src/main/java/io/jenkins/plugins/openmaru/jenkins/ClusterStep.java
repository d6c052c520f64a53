package io.jenkins.plugins.openmaru.jenkins;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that works on a configured cluster: optionally which one and which namespace (defaults from the global configuration). */
public abstract class ClusterStep extends Step {
    private String cluster;
    private String namespace;

    public String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = DeliveryCluster.blankToNull(cluster);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = DeliveryCluster.blankToNull(namespace);
    }
}
