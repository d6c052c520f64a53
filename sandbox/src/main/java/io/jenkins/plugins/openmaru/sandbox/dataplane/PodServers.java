package io.jenkins.plugins.openmaru.sandbox.dataplane;

import com.sun.net.httpserver.HttpServer;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * One loopback port per ready pod, as the pod IPs a real router's servers point at. What arrives
 * there came through the router, so it is counted as served by the router, per Host and version.
 */
final class PodServers implements AutoCloseable {

    /** Requests in flight when a pod leaves get this long to finish, as a terminating pod's grace period. */
    private static final int GRACE_SECONDS = 1;

    private final Executor executor;
    private final RouterStats stats;
    private final Map<SimulatedPod, HttpServer> servers = new ConcurrentHashMap<>();

    PodServers(Executor executor, RouterStats stats) {
        this.executor = executor;
        this.stats = stats;
    }

    /** The pod's port, opened on first ask. */
    int port(SimulatedPod pod) {
        return servers.computeIfAbsent(pod, this::start).getAddress().getPort();
    }

    private HttpServer start(SimulatedPod pod) {
        return LoopbackHttp.start(0, executor, exchange -> {
            String path = Optional.ofNullable(exchange.getRequestURI().getPath()).orElse("/");
            PodResponse response = pod.serve(path);
            stats.served(Router.host(exchange.getRequestHeaders().getFirst("Host")), pod.behaviour().version());
            LoopbackHttp.send(exchange, response);
        });
    }

    /** Closes the ports of pods not in {@code keep}, after their grace period, off the caller's thread. */
    void retainOnly(Collection<SimulatedPod> keep) {
        Set<SimulatedPod> kept = Set.copyOf(keep);
        Set<SimulatedPod> gone = servers.keySet().stream().filter(p -> !kept.contains(p)).collect(Collectors.toSet());
        gone.forEach(pod -> {
            HttpServer server = servers.remove(pod);
            if (server != null) {
                executor.execute(() -> server.stop(GRACE_SECONDS));
            }
        });
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
        servers.clear();
    }
}
