package io.jenkins.plugins.openmaru.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The columns a real API server prints for {@code kubectl get} (server-side tables), per kind, after
 * {@code Name}: Kubernetes' printers for Deployments, Services, ConfigMaps and Leases, OpenShift's for
 * Routes. Fields that the API server would have defaulted (a Service's type, a port's protocol, a
 * Route's wildcard policy) print their default.
 */
final class PrinterColumns {
    /** One column: its header, its type ({@code string}, {@code integer}, {@code date}), 1 for {@code -o wide} only, and its cell. */
    record Column(String name, String type, int priority, BiFunction<JsonNode, Instant, Object> cell) {}

    private static final Column AGE = new Column("Age", "date", 0, PrinterColumns::age);

    static final List<Column> DEPLOYMENT = List.of(
            new Column("Ready", "string", 0, (d, now) -> d.path("status").path("readyReplicas").asInt(0) + "/" + d.path("spec").path("replicas").asInt(1)),
            new Column("Up-to-date", "integer", 0, (d, now) -> d.path("status").path("updatedReplicas").asInt(0)),
            new Column("Available", "integer", 0, (d, now) -> d.path("status").path("availableReplicas").asInt(0)),
            AGE,
            new Column("Containers", "string", 1, (d, now) -> join(d.path("spec").path("template").path("spec").path("containers"), "name")),
            new Column("Images", "string", 1, (d, now) -> join(d.path("spec").path("template").path("spec").path("containers"), "image")),
            new Column("Selector", "string", 1, (d, now) -> labels(d.path("spec").path("selector").path("matchLabels"))));

    static final List<Column> SERVICE = List.of(
            new Column("Type", "string", 0, (s, now) -> s.path("spec").path("type").asText("ClusterIP")),
            new Column("Cluster-IP", "string", 0, (s, now) -> s.path("spec").path("clusterIP").asText("<none>")),
            new Column("External-IP", "string", 0, (s, now) -> s.path("spec").path("externalIPs").isEmpty() ? "<none>" : join(s.path("spec").path("externalIPs"), null)),
            new Column("Port(s)", "string", 0, PrinterColumns::ports),
            AGE,
            new Column("Selector", "string", 1, (s, now) -> labels(s.path("spec").path("selector"))));

    static final List<Column> CONFIG_MAP = List.of(
            new Column("Data", "integer", 0, (c, now) -> c.path("data").size() + c.path("binaryData").size()),
            AGE);

    static final List<Column> LEASE = List.of(
            new Column("Holder", "string", 0, (l, now) -> l.path("spec").path("holderIdentity").asText("")),
            AGE);

    static final List<Column> ROUTE = List.of(
            new Column("Host/Port", "string", 0, PrinterColumns::routeHost),
            new Column("Path", "string", 0, (r, now) -> r.path("spec").path("path").asText("")),
            new Column("Services", "string", 0, PrinterColumns::routeServices),
            new Column("Port", "string", 0, (r, now) -> r.path("spec").has("port") ? r.path("spec").path("port").path("targetPort").asText() : "<all>"),
            new Column("Termination", "string", 0, PrinterColumns::routeTermination),
            new Column("Wildcard", "string", 0, (r, now) -> r.path("spec").path("wildcardPolicy").asText("None")));

    private PrinterColumns() {}

    /** The age as Kubernetes writes it: {@code 45s}, {@code 3m12s}, {@code 25m}, {@code 5h3m}, {@code 2d4h}, ... */
    static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 120) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
        } else if (minutes < 180) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }

    private static Object age(JsonNode o, Instant now) {
        String created = o.path("metadata").path("creationTimestamp").asText("");
        try {
            return created.isEmpty() ? "<unknown>" : humanDuration(Duration.between(Instant.parse(created), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    private static String ports(JsonNode s, Instant now) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : s.path("spec").path("ports")) {
            String nodePort = p.has("nodePort") ? ":" + p.path("nodePort").asText() : "";
            out.add(p.path("port").asText() + nodePort + "/" + p.path("protocol").asText("TCP"));
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    /** The host the router admitted the Route under, as OpenShift's printer shows it. */
    private static String routeHost(JsonNode r, Instant now) {
        String host = r.path("spec").path("host").asText("");
        JsonNode ingress = r.path("status").path("ingress");
        if (!ingress.isArray()) {
            return host;
        }
        int admitted = 0;
        int rejected = 0;
        String reason = "";
        String admittedHost = host;
        for (JsonNode i : ingress) {
            for (JsonNode c : i.path("conditions")) {
                if (c.path("type").asText().equals("Admitted") && c.path("status").asText().equals("True")) {
                    admittedHost = admitted++ == 0 ? i.path("host").asText(host) : admittedHost;
                } else if (c.path("type").asText().equals("Admitted") && c.path("status").asText().equals("False")) {
                    reason = c.path("reason").asText("");
                    rejected++;
                }
            }
        }
        if (admitted == 0) {
            return rejected > 0 ? reason : "Pending";
        }
        return admittedHost + (rejected > 0 ? " ... " + rejected + " rejected" : admitted > 1 ? " ... " + (admitted - 1) + " more" : "");
    }

    /** {@code shop-blue(80%),shop-green(20%)}, or the one backend's name. */
    private static String routeServices(JsonNode r, Instant now) {
        List<JsonNode> backends = new ArrayList<>();
        backends.add(r.path("spec").path("to"));
        r.path("spec").path("alternateBackends").forEach(backends::add);
        int total = backends.stream().mapToInt(b -> b.path("weight").asInt(0)).sum();
        List<String> out = new ArrayList<>();
        for (JsonNode b : backends) {
            String name = b.path("name").asText();
            if (!b.has("weight") || backends.size() == 1 && total != 0) {
                out.add(name);
            } else {
                out.add(name + "(" + (total == 0 ? 0 : b.path("weight").asInt() * 100 / total) + "%)");
            }
        }
        return String.join(",", out);
    }

    private static String routeTermination(JsonNode r, Instant now) {
        String termination = r.path("spec").path("tls").path("termination").asText("");
        String insecure = r.path("spec").path("tls").path("insecureEdgeTerminationPolicy").asText("");
        if (insecure.isEmpty()) {
            return termination;
        }
        return (termination.isEmpty() ? "default" : termination) + "/" + insecure;
    }

    private static String join(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(field == null ? e.asText() : e.path(field).asText()));
        return String.join(",", out);
    }

    private static String labels(JsonNode map) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) map::fields) {
            out.add(e.getKey() + "=" + e.getValue().asText());
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }
}
