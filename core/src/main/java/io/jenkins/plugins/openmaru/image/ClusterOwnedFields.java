package io.jenkins.plugins.openmaru.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.openmaru.workload.EngineEnv;
import java.util.Arrays;
import java.util.Set;

/**
 * Fields that a re-applied template must not take back from whoever owns them once the object
 * exists: the engine scales the slots and sets their images and the env it lists in
 * {@link EngineEnv#ENV_KEYS_ANNOTATION}, the traffic router owns the Route's backends, and the
 * cluster generates a blank Route host.
 */
final class ClusterOwnedFields {
    private ClusterOwnedFields() {
    }

    /** Copies the owned fields of {@code existing} into {@code merged}. */
    static void keep(String kind, JsonNode existing, ObjectNode merged) {
        switch (kind) {
            case "Deployment" -> keepDeployment(existing, merged);
            case "Route" -> keepRoute(existing, merged);
            default -> {
            }
        }
    }

    private static void keepDeployment(JsonNode existing, ObjectNode merged) {
        ObjectNode spec = merged.withObject("/spec");
        if (existing.path("spec").has("replicas")) {
            spec.set("replicas", existing.path("spec").get("replicas"));
        }
        Set<String> engineEnv = engineEnvKeys(existing);
        for (JsonNode container : merged.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode old : existing.path("spec").path("template").path("spec").path("containers")) {
                if (old.path("name").equals(container.path("name"))) {
                    if (old.hasNonNull("image")) {
                        ((ObjectNode) container).set("image", old.get("image"));
                    }
                    keepEngineEnv(engineEnv, old, (ObjectNode) container);
                }
            }
        }
    }

    private static Set<String> engineEnvKeys(JsonNode existing) {
        String keys = existing.path("spec").path("template").path("metadata").path("annotations")
                .path(EngineEnv.ENV_KEYS_ANNOTATION).asText("");
        return keys.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(keys.split(",")));
    }

    /** The template's variables, then the engine's as they are live, in the order {@link EngineEnv} writes them. */
    private static void keepEngineEnv(Set<String> engineEnv, JsonNode old, ObjectNode container) {
        if (engineEnv.isEmpty()) {
            return;
        }
        ArrayNode env = container.arrayNode();
        container.path("env").forEach(e -> {
            if (!engineEnv.contains(e.path("name").asText())) {
                env.add(e);
            }
        });
        old.path("env").forEach(e -> {
            if (engineEnv.contains(e.path("name").asText())) {
                env.add(e);
            }
        });
        container.set("env", env);
    }

    private static void keepRoute(JsonNode existing, ObjectNode merged) {
        JsonNode old = existing.path("spec");
        ObjectNode spec = merged.withObject("/spec");
        for (String field : new String[] {"to", "alternateBackends"}) {
            if (old.has(field)) {
                spec.set(field, old.get(field));
            } else {
                spec.remove(field);
            }
        }
        if (spec.path("host").asText("").isEmpty() && old.hasNonNull("host")) {
            spec.set("host", old.get("host"));
        }
    }
}
