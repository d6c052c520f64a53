package io.jenkins.plugins.openmaru.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fields that a re-applied template must not take back from whoever owns them once the object
 * exists: the engine scales the slots and sets their images, the traffic router owns the
 * Route's backends, and the cluster generates a blank Route host.
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
        for (JsonNode container : merged.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode old : existing.path("spec").path("template").path("spec").path("containers")) {
                if (old.path("name").equals(container.path("name")) && old.hasNonNull("image")) {
                    ((ObjectNode) container).set("image", old.get("image"));
                }
            }
        }
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
