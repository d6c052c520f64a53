package io.jenkins.plugins.openmaru.sandbox.dataplane;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One loopback port per slot Deployment that reaches that slot alone, as
 * {@code oc port-forward deployment/<app>-<slot>} would: round-robin over its running pods,
 * ready or not. The port is given on first ask and stays the same while the data plane runs.
 */
final class SlotServers implements AutoCloseable {

    private final Executor executor;
    private final PodFleet fleet;
    private final Map<PodFleet.Key, HttpServer> servers = new ConcurrentHashMap<>();

    SlotServers(Executor executor, PodFleet fleet) {
        this.executor = executor;
        this.fleet = fleet;
    }

    URI url(String namespace, String deployment) {
        HttpServer server = servers.computeIfAbsent(new PodFleet.Key(namespace, deployment), this::start);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private HttpServer start(PodFleet.Key key) {
        return LoopbackHttp.start(0, executor, exchange -> {
            String path = Optional.ofNullable(exchange.getRequestURI().getPath()).orElse("/");
            Optional<SimulatedPod> pod = fleet.deployment(key.namespace(), key.name()).flatMap(DeploymentPods::nextRunning);
            LoopbackHttp.send(exchange, pod.map(p -> p.serve(path)).orElseGet(() -> PodResponse.unavailable(
                    "no running pod for deployment " + key.namespace() + "/" + key.name())));
        });
    }

    @Override
    public void close() {
        servers.values().forEach(s -> s.stop(0));
        servers.clear();
    }
}
