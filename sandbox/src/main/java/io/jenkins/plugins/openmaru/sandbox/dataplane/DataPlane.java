package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.workload.SlotEndpoints;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sandbox's data plane: simulated pods for every Deployment, a router that splits requests
 * by Route and HTTPRoute weights, per-slot URLs, {@code /metrics} and optional synthetic traffic.
 * It follows the API server the client points at; all its ports are on 127.0.0.1. The router is
 * the builtin Java one, or real HAProxy for Routes (with the builtin one behind it for HTTPRoutes
 * and hosts no Route claims).
 */
public final class DataPlane implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DataPlane.class.getName());
    private static final Duration WATCH_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_SERVING_THREADS = 128;

    private final ExecutorService serving = new ThreadPoolExecutor(4, MAX_SERVING_THREADS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new DaemonThreads("openmaru-pod"), new ThreadPoolExecutor.CallerRunsPolicy());
    private final ExecutorService syncThread = Executors.newSingleThreadExecutor(new DaemonThreads("openmaru-dataplane-sync"));
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final RequestMetrics requestMetrics = new RequestMetrics();
    private final RouterStats routerStats = new RouterStats();
    private final PodFleet fleet = new PodFleet(requestMetrics);
    private final List<AutoCloseable> parts = new ArrayList<>();
    /** What is served: every rule, as the router applies it now. */
    private volatile RoutingTable table = RoutingTable.EMPTY;
    /** What the builtin router serves: every rule, or only HTTPRoutes behind HAProxy. */
    private volatile RoutingTable builtinTable = RoutingTable.EMPTY;
    private final ClusterWatch watch;
    private final Router router;
    private final Optional<HaproxyRouter> haproxy;
    private final SlotServers slots;
    private final MetricsEndpoint metrics;
    private final Optional<TrafficGenerator> traffic;
    private final String routeDomain;

    private DataPlane(KubernetesClient client, DataPlaneConfig config) {
        routeDomain = config.routeDomain();
        try {
            router = own(new Router(config.haproxy().isPresent() ? 0 : config.routerPort(), serving, () -> builtinTable, routerStats));
            haproxy = config.haproxy().map(binary -> own(new HaproxyRouter(binary, config.routerPort(), router.port(), serving, routerStats)));
            metrics = own(new MetricsEndpoint(config.metricsPort(), serving, requestMetrics, routerStats));
            slots = own(new SlotServers(serving, fleet));
            watch = own(new ClusterWatch(client, config.namespace(), this::requestSync));
            watch.start(WATCH_TIMEOUT);
            requestSync();
            traffic = config.trafficRps() == 0 ? Optional.empty() : Optional.of(own(
                    new TrafficGenerator(config.trafficRps(), routerClient(), () -> table.hosts())));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts watching the cluster and serving; fails if the API server does not answer in 20 s. */
    public static DataPlane start(KubernetesClient client, DataPlaneConfig config) {
        return new DataPlane(client, config);
    }

    private <T extends AutoCloseable> T own(T part) {
        parts.add(0, part);
        return part;
    }

    /** Coalesces bursts of watch events into one rebuild on the sync thread. */
    private void requestSync() {
        if (syncPending.compareAndSet(false, true)) {
            syncThread.execute(() -> {
                syncPending.set(false);
                try {
                    sync();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Data plane could not follow a cluster change", e);
                }
            });
        }
    }

    /** Rebuilds what is served; behind HAProxy, the new table counts once HAProxy has reloaded with it. */
    private void sync() {
        fleet.sync(watch.deployments());
        List<Route> routes = watch.routes();
        List<RouteRule> routeRules = new ArrayList<>();
        routes.forEach(r -> OpenShiftRouteRules.of(r, routeDomain).ifPresent(routeRules::add));
        List<RouteRule> httpRouteRules = new ArrayList<>();
        watch.httpRoutes().forEach(r -> httpRouteRules.addAll(HttpRouteRules.of(r)));
        List<RouteRule> rules = new ArrayList<>(routeRules);
        rules.addAll(httpRouteRules);
        BiFunction<String, String, List<SimulatedPod>> endpoints = (namespace, service) -> watch.selector(namespace, service)
                .map(selector -> fleet.endpoints(namespace, selector)).orElse(List.of());
        RoutingTable next = RoutingTable.build(rules, endpoints, table);
        haproxy.ifPresent(h -> h.apply(routes, routeDomain, endpoints));
        builtinTable = haproxy.isPresent() ? RoutingTable.build(httpRouteRules, endpoints, builtinTable) : next;
        table = next;
    }

    public int routerPort() {
        return haproxy.map(HaproxyRouter::port).orElseGet(router::port);
    }

    /** Which router serves: {@code builtin}, or HAProxy with its version and pid. */
    public String routerDescription() {
        return haproxy.map(HaproxyRouter::description).orElse("builtin");
    }

    /** HAProxy's master process, when HAProxy routes. */
    Optional<ProcessHandle> haproxyProcess() {
        return haproxy.flatMap(h -> ProcessHandle.of(h.pid()));
    }

    /** Send requests here with the Route's host in the Host header, e.g. {@code curl -H 'Host: shop.apps.sandbox' URL}. */
    public URI routerUrl() {
        return URI.create("http://127.0.0.1:" + routerPort());
    }

    /** A client that sets the Host header for you. */
    public RouterClient routerClient() {
        return new RouterClient(routerPort());
    }

    public URI metricsUrl() {
        return metrics.url();
    }

    /**
     * A URL that reaches only the slot's pods (Deployment {@code <app>-<slot>}; {@code slot} may be
     * {@code blue} or {@code <app>-blue}), whatever the Route's weights. Stable for the data plane's
     * life, even before the slot's Deployment exists (then it answers 503).
     */
    public URI slotUrl(String namespace, String app, String slot) {
        return deploymentUrl(namespace, slot.startsWith(app + "-") ? slot : app + "-" + slot);
    }

    /** Whether the pods of {@code d}'s current template run here, as many as it asks for. */
    public boolean runs(Deployment d) {
        PodBehaviour wanted;
        try {
            wanted = PodBehaviour.of(d);
        } catch (ValidationException e) {
            return false;
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        return fleet.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName())
                .map(p -> p.running().size() == replicas && p.running().stream().allMatch(pod -> pod.behaviour().equals(wanted)))
                .orElse(replicas == 0);
    }

    /** A URL that reaches only the pods of Deployment {@code name}, as {@link #slotUrl} does for a slot. */
    public URI deploymentUrl(String namespace, String name) {
        return slots.url(namespace, name);
    }

    /**
     * The Services and weights the router currently applies to {@code host} at path {@code /}, in
     * the Route's order ({@code to} first); empty when no Route or HTTPRoute claims the host.
     */
    public Map<String, Integer> routeWeights(String host) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        table.lookup(Router.host(host), "/").ifPresent(m -> m.rule().backends()
                .forEach(b -> weights.merge(b.service(), b.weight(), Integer::sum)));
        return weights;
    }

    /** Every host a Route or HTTPRoute names (hosts generated for Routes without one included). */
    public Set<String> hosts() {
        return table.hosts();
    }

    /** Where the sandbox reaches one slot (or a rolling update's Deployment) alone, its Service named as the Deployment: backs the engine's gates ({@code EngineConfig.withEndpoints}). */
    public SlotEndpoints slotEndpoints() {
        return (app, service, port) -> deploymentUrl(app.namespace(), service);
    }

    /** Requests the router sent to each version (image), any status code, all hosts. */
    public Map<String, Long> servedByVersion() {
        return routerStats.servedByVersion();
    }

    public Map<String, Long> servedByVersion(String host) {
        return routerStats.servedByVersion(Router.host(host));
    }

    /** Requests for {@code host} the router answered 503 itself (no route or no endpoint). */
    public long unavailable(String host) {
        return routerStats.unavailableFor(Router.host(host));
    }

    /** Requests the router answered 503 itself because no Route or no ready endpoint could take them. */
    public long unavailable() {
        return routerStats.unavailable();
    }

    /** Synthetic requests sent so far (0 without {@code trafficRps}). */
    public long syntheticRequestsSent() {
        return traffic.map(TrafficGenerator::sent).orElse(0L);
    }

    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "Data plane part did not close cleanly", e);
            }
        }
        parts.clear();
        syncThread.shutdownNow();
        serving.shutdownNow();
    }
}
