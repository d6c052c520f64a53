package io.jenkins.plugins.openmaru.image;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The one JSON mapping templates are read and processed with. Jackson builds a (de)serializer per model type and mapper,
 * and fabric8 looks up its resource types per mapper, so a mapping per template read or per processor paid that again on
 * every use (about 3 % of the test suite's CPU). As {@code ClusterClients}' shared mapping, it holds no template, connection
 * or credential.
 */
final class TemplateMapping {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private TemplateMapping() {}
}
