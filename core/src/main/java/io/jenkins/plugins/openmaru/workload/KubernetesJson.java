package io.jenkins.plugins.openmaru.workload;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one JSON mapping of Kubernetes objects in this process: every API client's ({@code ClusterClients}), the sandbox's
 * API server's and the templates' (read and processed). Jackson builds a (de)serializer per model type and mapper, and fabric8 looks up its
 * resource types per mapper, so each client or template processor with a mapping of its own paid that again (a quarter
 * of the test suite's CPU for clients, 8.4 MB per template processed). It holds no object, connection or credential.
 */
public final class KubernetesJson {
    public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesJson() {}
}
