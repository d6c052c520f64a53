package io.jenkins.plugins.openmaru.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Creates or updates objects so that applying the same input twice writes nothing the second
 * time. An update lays the desired fields over the live object and is skipped when nothing
 * changes: objects merge; lists of named items (containers, env, ports) take the desired items,
 * each merged over the live item of the same name so that fields the API server defaulted
 * (a container's {@code imagePullPolicy}) do not count as changes; other lists and values
 * replace. What {@link ClusterOwnedFields} reserves is kept.
 * Updates carry the live resourceVersion, so a concurrent writer causes a retry, not a lost write.
 */
public final class ResourceApplier {
    private static final int ATTEMPTS = 3;

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public ResourceApplier(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /** Applies each object in order into {@code namespace}. */
    public List<ApplyOutcome> apply(String namespace, List<? extends HasMetadata> objects) {
        List<ApplyOutcome> outcomes = new ArrayList<>();
        for (HasMetadata object : objects) {
            outcomes.add(apply(namespace, object));
        }
        return outcomes;
    }

    /** Applies one object into {@code namespace}. */
    public ApplyOutcome apply(String namespace, HasMetadata desired) {
        desired.getMetadata().setNamespace(namespace);
        String kind = desired.getKind();
        String name = desired.getMetadata().getName();
        for (int attempt = 1; ; attempt++) {
            HasMetadata live = client.resource(desired).inNamespace(namespace).get();
            if (live == null) {
                client.resource(desired).inNamespace(namespace).create();
                return new ApplyOutcome(kind, name, ApplyOutcome.Change.CREATED);
            }
            JsonNode existing = serialization.convertValue(live, JsonNode.class);
            ObjectNode merged = existing.deepCopy();
            overlay(merged, serialization.convertValue(desired, JsonNode.class));
            ClusterOwnedFields.keep(kind, existing, merged);
            if (merged.equals(existing)) {
                return new ApplyOutcome(kind, name, ApplyOutcome.Change.UNCHANGED);
            }
            HasMetadata update = serialization.convertValue(merged, desired.getClass());
            try {
                client.resource(update).inNamespace(namespace).update();
                return new ApplyOutcome(kind, name, ApplyOutcome.Change.UPDATED);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static ArrayNode overlayByName(ArrayNode current, JsonNode desired) {
        ArrayNode result = current.arrayNode();
        for (JsonNode item : desired) {
            ObjectNode merged = item.deepCopy();
            for (JsonNode old : current) {
                if (old.get("name").equals(item.get("name"))) {
                    merged = old.deepCopy();
                    overlay(merged, item);
                }
            }
            result.add(merged);
        }
        return result;
    }

    private static boolean named(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            return false;
        }
        for (JsonNode item : list) {
            if (!item.isObject() || !item.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static void overlay(ObjectNode target, JsonNode source) {
        Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue().isObject()) {
                overlay(currentObject, field.getValue());
            } else if (current instanceof ArrayNode currentArray && named(currentArray) && named(field.getValue())) {
                target.set(field.getKey(), overlayByName(currentArray, field.getValue()));
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
