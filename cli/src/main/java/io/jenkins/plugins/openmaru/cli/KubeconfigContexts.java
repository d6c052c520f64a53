package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.nio.file.Path;
import java.util.List;

/** {@code --context NAME} must name a context of the kubeconfig: the client would silently use the current one instead. */
final class KubeconfigContexts {
    private KubeconfigContexts() {
    }

    /**
     * @param file the {@code --kubeconfig} given, or null when the client looked in its default places
     * @return {@code config}, when {@code requested} is null or one of its contexts
     */
    static Config require(Config config, String requested, Path file) {
        List<String> names = config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(NamedContext::getName).toList();
        if (requested == null || names.contains(requested)) {
            return config;
        }
        String where = file != null ? file.toString() : String.join(", ", Config.getKubeconfigFilenames());
        throw new ValidationException("context", requested, "a context of the kubeconfig " + where
                + (names.isEmpty() ? " (it has none)" : " (it has: " + String.join(", ", names) + ")"));
    }
}
