package io.jenkins.plugins.openmaru.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenShift {@code Template} read as a tree, before substitution: parameters, template-wide
 * labels and the raw objects. Kept untyped because {@code ${{PARAM}}} may stand where a number
 * belongs, which typed model classes could not hold.
 */
public record TemplateDocument(String name, List<TemplateParameter> parameters, Map<String, String> labels, List<ObjectNode> objects) {
    /** Where the Openmaru standard Java template ships inside the plugin. */
    public static final String OPENMARU_JAVA = "openmaru-java-template.yaml";

    public TemplateDocument {
        parameters = List.copyOf(parameters);
        labels = Map.copyOf(labels);
        objects = List.copyOf(objects);
    }

    /** The Openmaru standard Java template shipped with the plugin. */
    public static TemplateDocument openmaruJava() {
        try (InputStream in = TemplateDocument.class.getResourceAsStream(OPENMARU_JAVA)) {
            if (in == null) {
                throw new IllegalStateException(OPENMARU_JAVA + " is missing from the plugin");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a Template from YAML or JSON text. */
    public static TemplateDocument parse(String text) {
        JsonNode root;
        try {
            root = KubernetesJson.SERIALIZATION.unmarshal(text, JsonNode.class);
        } catch (RuntimeException e) {
            throw new ValidationException("template", "is neither YAML nor JSON: " + e.getMessage());
        }
        if (root == null || !"Template".equals(root.path("kind").asText())) {
            throw new ValidationException("template.kind", root == null ? null : root.path("kind").asText(), "Template");
        }
        List<TemplateParameter> parameters = new ArrayList<>();
        for (JsonNode p : root.path("parameters")) {
            String name = p.path("name").asText("");
            if (name.isEmpty()) {
                throw new ValidationException("template.parameters[" + parameters.size() + "].name", "is missing");
            }
            parameters.add(new TemplateParameter(name, p.path("value").asText(""), p.path("required").asBoolean(false),
                    p.path("generate").asText(""), p.path("from").asText(""), p.path("description").asText("")));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        root.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode o : root.path("objects")) {
            if (!(o instanceof ObjectNode object) || !o.hasNonNull("kind") || !o.hasNonNull("apiVersion")) {
                throw new ValidationException("template.objects[" + objects.size() + "]", "needs apiVersion and kind");
            }
            objects.add(object);
        }
        return new TemplateDocument(root.path("metadata").path("name").asText(""), parameters, labels, objects);
    }
}
