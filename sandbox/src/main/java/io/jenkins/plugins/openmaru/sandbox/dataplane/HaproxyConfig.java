package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.openshift.api.model.Route;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders HAProxy's configuration from Routes the way the OpenShift router's template does: one
 * backend {@code be_http:<namespace>:<route>} per Route, one server per ready endpoint of each of
 * its Services with the Service's weight scaled per endpoint ({@link EndpointWeights}), servers
 * of weight 0 kept (a sticky cookie still reaches them; the balancer never picks them), the
 * router's cookie unless {@code haproxy.router.openshift.io/disable_cookies}, and the
 * {@code haproxy.router.openshift.io/balance} annotation. Requests are matched on host and path
 * through a map of regular expressions, as the router's {@code os_http_be.map}; a request no Route
 * claims goes to the fallback (the builtin router, which serves Gateway API HTTPRoutes and
 * answers 503 for unknown hosts). Plain HTTP only: TLS, health checks and timeouts annotations are not rendered.
 */
final class HaproxyConfig {

    static final String DISABLE_COOKIES_ANNOTATION = "haproxy.router.openshift.io/disable_cookies";
    static final String COOKIE_NAME_ANNOTATION = "router.openshift.io/cookie_name";
    private static final Pattern BALANCE = Pattern.compile("roundrobin|leastconn|source|random");
    private static final Pattern COOKIE_NAME = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern SAFE_PATH = Pattern.compile("[^\\s#]*");

    /** A ready endpoint as HAProxy reaches it: the pod's name and its loopback port. */
    record Endpoint(String name, int port) { }

    /** The ready endpoints of a Service. */
    interface Endpoints {
        List<Endpoint> of(String namespace, String service);
    }

    /** The part of the configuration that follows the cluster: the Routes' backends and the host/path map. */
    record Rendered(String backends, String map) { }

    private final int listenPort;
    private final int fallbackPort;
    private final Path mapFile;
    private final Path statsSocket;

    /**
     * @param listenPort   the router's loopback port
     * @param fallbackPort where requests that no Route claims go (the builtin router's port)
     */
    HaproxyConfig(int listenPort, int fallbackPort, Path mapFile, Path statsSocket) {
        this.listenPort = listenPort;
        this.fallbackPort = fallbackPort;
        this.mapFile = mapFile;
        this.statsSocket = statsSocket;
    }

    Rendered routes(List<Route> routes, String domain, Endpoints endpoints) {
        record Claim(RouteRule rule, String backend) { }
        StringBuilder backends = new StringBuilder();
        List<Claim> claims = new ArrayList<>();
        for (Route route : routes) {
            Optional<RouteRule> rule = OpenShiftRouteRules.of(route, domain).filter(r -> SAFE_PATH.matcher(r.path()).matches());
            if (rule.isEmpty()) {
                continue;
            }
            String backend = "be_http:" + rule.get().namespace() + ":" + route.getMetadata().getName();
            claims.add(new Claim(rule.get(), backend));
            backend(backends, backend, route, rule.get(), endpoints);
        }
        // map_reg answers the first line that matches: longest path first, then the oldest claim, as the router sorts them
        claims.sort(Comparator.<Claim>comparingInt(c -> -prefix(c.rule().path()).length())
                .thenComparing(c -> c.rule().created()).thenComparing(c -> c.rule().source()));
        StringBuilder map = new StringBuilder();
        for (Claim c : claims) {
            for (String host : c.rule().hosts()) {
                map.append('^').append(host.replace(".", "\\.")).append("(:[0-9]+)?")
                        .append(escapePath(prefix(c.rule().path()))).append("(/.*)?$ ").append(c.backend()).append('\n');
            }
        }
        return new Rendered(backends.toString(), map.toString());
    }

    private static void backend(StringBuilder out, String name, Route route, RouteRule rule, Endpoints endpoints) {
        Map<String, String> annotations = Optional.ofNullable(route.getMetadata().getAnnotations()).orElse(Map.of());
        Map<String, Integer> serviceWeights = new LinkedHashMap<>();
        Map<String, List<Endpoint>> serviceEndpoints = new LinkedHashMap<>();
        for (RouteRule.Backend b : rule.backends()) {
            serviceWeights.merge(b.service(), b.weight(), Integer::sum);
            serviceEndpoints.put(b.service(), endpoints.of(b.namespace(), b.service()));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        serviceEndpoints.forEach((service, list) -> counts.put(service, list.size()));
        Map<String, Integer> weights = EndpointWeights.of(serviceWeights, counts);
        long active = serviceWeights.values().stream().filter(w -> w > 0).count();
        String balance = Optional.ofNullable(annotations.get(OpenShiftRouteRules.BALANCE_ANNOTATION))
                .map(String::trim).filter(b -> BALANCE.matcher(b).matches())
                .orElse(active > 1 ? "roundrobin" : "random");
        out.append("\nbackend ").append(name).append('\n')
                .append("  mode http\n")
                .append("  option redispatch\n")
                .append("  balance ").append(balance).append('\n');
        if (!Boolean.parseBoolean(Optional.ofNullable(annotations.get(DISABLE_COOKIES_ANNOTATION)).orElse("").trim())) {
            String cookie = Optional.ofNullable(annotations.get(COOKIE_NAME_ANNOTATION))
                    .filter(c -> COOKIE_NAME.matcher(c).matches())
                    .orElse(hash(rule.namespace() + "_" + route.getMetadata().getName()));
            out.append("  cookie ").append(cookie).append(" insert indirect nocache httponly\n");
        }
        serviceEndpoints.forEach((service, list) -> list.forEach(e -> out.append("  server ").append(e.name())
                .append(" 127.0.0.1:").append(e.port())
                .append(" cookie ").append(hash(e.name()))
                .append(" weight ").append(weights.get(service)).append('\n')));
    }

    /** The whole file; {@code generation} is written as the node name, which the stats socket reports back. */
    String file(long generation, Rendered routes) {
        return String.join("\n",
                "global",
                "  node gen-" + generation,
                // one thread: a log line that collides with another thread's is dropped, and the 503 count comes from them
                "  nbthread 1",
                "  maxconn 2000",
                "  hard-stop-after " + HaproxyProcess.DRAIN_TIMEOUT.toSeconds() + "s",
                "  stats socket " + statsSocket + " mode 600 level user",
                // every request, one line on stdout (a file: a full pipe would drop lines): status, backend, server, Host
                "  log stdout format raw local0 info",
                "",
                "defaults",
                "  mode http",
                "  log global",
                "  log-format \"%ST %b %s %[capture.req.hdr(0)]\"",
                "  timeout connect 5s",
                "  timeout client 30s",
                "  timeout client-fin 1s",
                "  timeout server 30s",
                "  timeout server-fin 1s",
                "  timeout http-request 10s",
                "  timeout http-keep-alive 300s",
                "",
                "frontend public",
                "  bind 127.0.0.1:" + listenPort,
                "  capture request header Host len 256",
                "  http-request del-header Proxy",
                "  http-request set-header Host %[req.hdr(Host),lower]",
                "  use_backend %[base,map_reg(" + mapFile + ")]",
                "  default_backend openshift_default",
                "",
                "backend openshift_default",
                "  mode http",
                "  server fallback 127.0.0.1:" + fallbackPort,
                "") + routes.backends();
    }

    private static String prefix(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static String escapePath(String path) {
        StringBuilder out = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (!Character.isLetterOrDigit(c) && c != '/' && c != '-' && c != '_') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** A stable, opaque name, as the router hashes route and endpoint ids into cookie names and values. */
    static String hash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java runtime", e);
        }
    }
}
