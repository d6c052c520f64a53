package io.jenkins.plugins.openmaru.engine.guardrail;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.Map;

/**
 * The namespace's own guardrail policy: ConfigMap {@code openmaru-guardrails} with keys {@code mode},
 * {@code allowedRegistries} and {@code requireDigest}. Absent, it sets nothing.
 */
public final class NamespacePolicy {
    public static final String CONFIG_MAP = "openmaru-guardrails";

    private NamespacePolicy() {}

    public static GuardrailPolicy read(KubernetesClient client, String namespace) {
        ConfigMap cm = client.configMaps().inNamespace(namespace).withName(CONFIG_MAP).get();
        Map<String, String> data = cm == null || cm.getData() == null ? Map.of() : cm.getData();
        try {
            return GuardrailPolicy.parse(data.get("mode"), data.get("allowedRegistries"), data.get("requireDigest"));
        } catch (ValidationException e) {
            throw e.within("ConfigMap " + namespace + "/" + CONFIG_MAP);
        }
    }
}
