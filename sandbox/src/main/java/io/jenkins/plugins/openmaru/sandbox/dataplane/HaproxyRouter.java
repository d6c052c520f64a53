package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.sandbox.process.ChildProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router on real HAProxy: follows the Routes and their ready endpoints into HAProxy's
 * configuration and reloads it when that changes. Each pod gets a loopback port as its endpoint
 * address. Requests HAProxy could not place (every server at weight 0, or none) are counted from
 * its access log; requests no Route claims go to the fallback port.
 */
final class HaproxyRouter implements AutoCloseable {

    private static final HaproxyConfig.Rendered NO_ROUTES = new HaproxyConfig.Rendered("", "");

    private static final Pattern OWN_503 = Pattern.compile("^503 be_http:\\S+ <NOSRV> (\\S+)$");

    private final RouterStats stats;
    private final PodServers pods;
    private final HaproxyProcess process;
    private final int port;
    private HaproxyConfig.Rendered applied = NO_ROUTES;

    /**
     * @param port         the loopback port to listen on; 0 picks a free one
     * @param fallbackPort where requests that no Route claims go
     */
    HaproxyRouter(Path binary, int port, int fallbackPort, Executor executor, RouterStats stats) {
        this.stats = stats;
        this.port = port == 0 ? ChildProcess.freePort() : port;
        pods = new PodServers(executor, stats);
        try {
            process = new HaproxyProcess(binary, this.port, fallbackPort, NO_ROUTES, this::logged);
        } catch (RuntimeException e) {
            pods.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String description() {
        return "HAProxy (" + process.version() + ", pid " + process.pid() + ")";
    }

    /**
     * Renders {@code routes} with the endpoints of their Services and reloads HAProxy if that
     * changed; returns once new connections get the new configuration. Called from one thread.
     */
    void apply(List<Route> routes, String domain, BiFunction<String, String, List<SimulatedPod>> endpoints) {
        List<SimulatedPod> ready = new ArrayList<>();
        HaproxyConfig.Rendered next = process.config().routes(routes, domain, (namespace, service) -> {
            List<SimulatedPod> pods = endpoints.apply(namespace, service);
            ready.addAll(pods);
            return pods.stream().map(p -> new HaproxyConfig.Endpoint(p.name(), this.pods.port(p))).toList();
        });
        if (!next.equals(applied)) {
            process.apply(next);
            applied = next;
        }
        pods.retainOnly(ready);
    }

    /**
     * An access-log line, {@code <status> <backend> <server> <Host>}: a 503 with no server is HAProxy's own answer. The
     * log reaches us whole: one thread writes it, each line in one append to a file (see {@link HaproxyProcess}).
     */
    private void logged(String line) {
        Matcher m = OWN_503.matcher(line);
        if (m.find()) {
            stats.unavailable(Router.host(m.group(1)));
        }
    }

    @Override
    public void close() {
        process.close();
        pods.close();
    }
}
