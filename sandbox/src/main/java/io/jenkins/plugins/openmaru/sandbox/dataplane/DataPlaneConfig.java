package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.jenkins.plugins.openmaru.model.ValidationException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to run the data plane.
 *
 * @param routerPort  the router's loopback port; 0 picks a free one
 * @param metricsPort the {@code /metrics} loopback port; 0 picks a free one
 * @param trafficRps  synthetic requests per second to each Route host; 0 sends none
 * @param namespace   the one namespace to serve, or empty for all
 * @param routeDomain the router's domain: a Route without {@code spec.host} is served at
 *                    {@code <route>-<namespace>.<routeDomain>}, as OpenShift would name it
 * @param haproxy     the {@code haproxy} binary to route Routes through, as OpenShift's router does;
 *                    empty for the builtin Java router
 */
public record DataPlaneConfig(int routerPort, int metricsPort, int trafficRps, Optional<String> namespace, String routeDomain,
                              Optional<Path> haproxy) {

    public static final int MAX_TRAFFIC_RPS = 200;
    public static final String DEFAULT_ROUTE_DOMAIN = "apps.sandbox";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public DataPlaneConfig {
        port("router-port", routerPort);
        port("metrics-port", metricsPort);
        if (trafficRps < 0 || trafficRps > MAX_TRAFFIC_RPS) {
            throw new ValidationException("traffic-rps", trafficRps, "an integer from 0 to " + MAX_TRAFFIC_RPS);
        }
        namespace = namespace == null ? Optional.empty() : namespace.filter(ns -> !ns.isBlank());
        if (routeDomain == null || routeDomain.length() > 253 || !DNS_SUBDOMAIN.matcher(routeDomain).matches()) {
            throw new ValidationException("route-domain", routeDomain, "a DNS name in lower case, e.g. " + DEFAULT_ROUTE_DOMAIN);
        }
        haproxy = haproxy == null ? Optional.empty() : haproxy;
    }

    /** The builtin router. */
    public DataPlaneConfig(int routerPort, int metricsPort, int trafficRps, Optional<String> namespace, String routeDomain) {
        this(routerPort, metricsPort, trafficRps, namespace, routeDomain, Optional.empty());
    }

    /** Routes without a host under {@value #DEFAULT_ROUTE_DOMAIN}. */
    public DataPlaneConfig(int routerPort, int metricsPort, int trafficRps, Optional<String> namespace) {
        this(routerPort, metricsPort, trafficRps, namespace, DEFAULT_ROUTE_DOMAIN);
    }

    /**
     * Free ports, no synthetic traffic, all namespaces, Routes without a host under {@value #DEFAULT_ROUTE_DOMAIN},
     * the builtin router.
     */
    public static DataPlaneConfig defaults() {
        return new DataPlaneConfig(0, 0, 0, Optional.empty(), DEFAULT_ROUTE_DOMAIN);
    }

    public DataPlaneConfig withRouterPort(int port) {
        return new DataPlaneConfig(port, metricsPort, trafficRps, namespace, routeDomain, haproxy);
    }

    public DataPlaneConfig withMetricsPort(int port) {
        return new DataPlaneConfig(routerPort, port, trafficRps, namespace, routeDomain, haproxy);
    }

    public DataPlaneConfig withTrafficRps(int rps) {
        return new DataPlaneConfig(routerPort, metricsPort, rps, namespace, routeDomain, haproxy);
    }

    public DataPlaneConfig withNamespace(String ns) {
        return new DataPlaneConfig(routerPort, metricsPort, trafficRps, Optional.ofNullable(ns), routeDomain, haproxy);
    }

    public DataPlaneConfig withRouteDomain(String domain) {
        return new DataPlaneConfig(routerPort, metricsPort, trafficRps, namespace, domain, haproxy);
    }

    /** Routes go through this {@code haproxy} binary; HTTPRoutes and unclaimed hosts through the builtin router behind it. */
    public DataPlaneConfig withHaproxy(Path binary) {
        return new DataPlaneConfig(routerPort, metricsPort, trafficRps, namespace, routeDomain, Optional.of(binary));
    }

    /** The builtin Java router for everything. */
    public DataPlaneConfig withBuiltinRouter() {
        return new DataPlaneConfig(routerPort, metricsPort, trafficRps, namespace, routeDomain, Optional.empty());
    }

    private static void port(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new ValidationException(field, port, "0 (any free port) or a port from 1 to 65535");
        }
    }
}
