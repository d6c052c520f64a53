package io.jenkins.plugins.openmaru.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code kubectl get} prints: a client that accepts {@code as=Table;g=meta.k8s.io} gets a
 * {@code meta.k8s.io/v1 Table} with a kind's columns ({@link PrinterColumns}) instead of the object or list,
 * as from a real API server; each row carries the object's metadata ({@code includeObject=Metadata}, the
 * default), the whole object ({@code Object}) or nothing ({@code None}). Kinds without columns answer as stored.
 */
final class ServerSideTables extends Dispatcher {
    private static final Pattern RESOURCE = Pattern.compile(
            "/(?:api/(v1)|apis/([^/]+/[^/]+))(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?");
    private static final Pattern INCLUDE_OBJECT = Pattern.compile("(?:^|&)includeObject=(None|Metadata|Object)(?:&|$)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher store;

    ServerSideTables(Dispatcher store) {
        this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String accept = request.getHeader("Accept");
        String path = request.getPath();
        int q = path.indexOf('?');
        String query = q < 0 ? "" : path.substring(q + 1);
        Matcher m = RESOURCE.matcher(q < 0 ? path : path.substring(0, q));
        if (request.method() != HttpMethod.GET || accept == null || !accept.contains("as=Table") || query.contains("watch=true") || !m.matches()) {
            return store.dispatch(request);
        }
        Optional<ServedResource> resource = ServedResources.find(m.group(1) != null ? m.group(1) : m.group(2), m.group(4))
                .filter(r -> !r.columns().isEmpty());
        MockResponse answer = store.dispatch(request);
        if (resource.isEmpty() || answer == null || answer.code() != 200 || answer.getBody() == null) {
            return answer;
        }
        try {
            JsonNode stored = JSON.readTree(answer.getBody().getBytes());
            List<JsonNode> objects = m.group(5) != null ? List.of(stored) : iterable(stored.path("items"));
            Matcher include = INCLUDE_OBJECT.matcher(query);
            String table = JSON.writeValueAsString(table(resource.get(), stored, objects, include.find() ? include.group(1) : "Metadata", Instant.now()));
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(table);
        } catch (IOException e) {
            return answer;
        }
    }

    private static ObjectNode table(ServedResource resource, JsonNode stored, List<JsonNode> objects, String include, Instant now) {
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", stored.path("metadata").path("resourceVersion").asText(""));
        ArrayNode columns = table.putArray("columnDefinitions");
        columns.addObject().put("name", "Name").put("type", "string").put("format", "name").put("description", "").put("priority", 0);
        for (PrinterColumns.Column c : resource.columns()) {
            columns.addObject().put("name", c.name()).put("type", c.type()).put("format", "").put("description", "").put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells").add(o.path("metadata").path("name").asText());
            resource.columns().forEach(c -> cells.addPOJO(c.cell().apply(o, now)));
            if (include.equals("Object")) {
                row.set("object", o);
            } else if (include.equals("Metadata")) {
                row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1").set("metadata", o.path("metadata"));
            }
        }
        return table;
    }

    private static List<JsonNode> iterable(JsonNode items) {
        List<JsonNode> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }
}
