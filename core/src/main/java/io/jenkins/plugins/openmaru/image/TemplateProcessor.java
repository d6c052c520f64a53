package io.jenkins.plugins.openmaru.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Processes an OpenShift Template on the client, as {@code oc process --local} does: resolves
 * every parameter (given value, else default, else generated), then substitutes {@code ${NAME}}
 * as text and a whole-field {@code ${{NAME}}} as a JSON value (a number, boolean or object).
 * References to undeclared names are left as they are, as OpenShift leaves them. One addition:
 * a reference object left as {@code {name: ""}} (an optional {@code sourceSecret} given no value)
 * is dropped, because the API server would reject an empty name.
 */
public final class TemplateProcessor {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\{([A-Za-z_][A-Za-z0-9_]*)}}|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern WHOLE_JSON_REFERENCE = Pattern.compile("\\$\\{\\{([A-Za-z_][A-Za-z0-9_]*)}}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ParameterGenerator generator;

    public TemplateProcessor() {
        this(new SecureRandom());
    }

    TemplateProcessor(Random random) {
        this.generator = new ParameterGenerator(random);
    }

    /** The objects with every parameter substituted, and the values used. */
    public record Result(List<HasMetadata> objects, Map<String, String> values) {
        public Result {
            objects = List.copyOf(objects);
            values = Map.copyOf(values);
        }
    }

    /**
     * @throws ValidationException listing every unknown and every missing required parameter,
     *     or naming the parameter whose value does not fit where the template puts it
     */
    public Result process(TemplateDocument template, TemplateParameters given) {
        Map<String, String> values = resolve(template, given);
        List<HasMetadata> objects = new ArrayList<>();
        for (ObjectNode raw : template.objects()) {
            ObjectNode object = (ObjectNode) substitute(raw.deepCopy(), values);
            dropEmptyReferences(object);
            addTemplateLabels(object, template.labels(), values);
            objects.add(toResource(object));
        }
        return new Result(objects, values);
    }

    private Map<String, String> resolve(TemplateDocument template, TemplateParameters given) {
        Map<String, TemplateParameter> declared = new LinkedHashMap<>();
        template.parameters().forEach(p -> declared.put(p.name(), p));
        TreeSet<String> unknown = new TreeSet<>(given.values().keySet());
        unknown.removeAll(declared.keySet());
        Map<String, String> values = new LinkedHashMap<>();
        TreeSet<String> missing = new TreeSet<>();
        for (TemplateParameter p : declared.values()) {
            String value = given.values().get(p.name());
            if (value == null || value.isEmpty()) {
                value = p.value();
            }
            if (value.isEmpty() && "expression".equals(p.generate())) {
                value = generator.generate("parameters." + p.name() + ".from", p.from());
            }
            if (value.isEmpty() && p.required()) {
                missing.add(p.name());
            }
            values.put(p.name(), value);
        }
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            List<String> problems = new ArrayList<>();
            if (!unknown.isEmpty()) {
                problems.add("unknown " + unknown + " (template " + template.name() + " declares " + declared.keySet() + ")");
            }
            if (!missing.isEmpty()) {
                problems.add("required but not given " + missing);
            }
            throw new ValidationException("parameters", String.join("; ", problems));
        }
        return values;
    }

    private JsonNode substitute(JsonNode node, Map<String, String> values) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(e -> e.setValue(substitute(e.getValue(), values)));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), values));
            }
        } else if (node.isTextual()) {
            return substituteText(node.asText(), values);
        }
        return node;
    }

    private JsonNode substituteText(String text, Map<String, String> values) {
        Matcher whole = WHOLE_JSON_REFERENCE.matcher(text);
        if (whole.matches() && values.containsKey(whole.group(1))) {
            String name = whole.group(1);
            try {
                return JSON.readTree(values.get(name));
            } catch (JsonProcessingException e) {
                throw new ValidationException("parameters." + name, values.get(name),
                        "a JSON value (number, true/false, object), because the template uses ${{" + name + "}}");
            }
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = values.get(name);
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return TextNode.valueOf(out.toString());
    }

    private static void dropEmptyReferences(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue().size() == 1 && e.getValue().path("name").isTextual()
                    && e.getValue().path("name").asText().isEmpty());
        }
        node.forEach(TemplateProcessor::dropEmptyReferences);
    }

    private void addTemplateLabels(ObjectNode object, Map<String, String> labels, Map<String, String> values) {
        if (labels.isEmpty()) {
            return;
        }
        ObjectNode target = object.withObject("/metadata/labels");
        labels.forEach((k, v) -> {
            if (!target.has(k)) {
                target.set(k, substituteText(v, values));
            }
        });
    }

    private HasMetadata toResource(ObjectNode object) {
        String what = object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
        try {
            KubernetesResource resource = KubernetesJson.SERIALIZATION.convertValue(object, KubernetesResource.class);
            if (resource instanceof HasMetadata hasMetadata && hasMetadata.getMetadata() != null
                    && hasMetadata.getMetadata().getName() != null && !hasMetadata.getMetadata().getName().isEmpty()) {
                return hasMetadata;
            }
            throw new ValidationException("template.objects", what + " has no metadata.name after substitution");
        } catch (IllegalArgumentException e) {
            if (e instanceof ValidationException v) {
                throw v;
            }
            throw new ValidationException("template.objects", what + " does not fit its schema after substitution: " + e.getMessage());
        }
    }
}
