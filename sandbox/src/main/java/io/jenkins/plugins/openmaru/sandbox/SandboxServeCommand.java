package io.jenkins.plugins.openmaru.sandbox;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultProxy;
import io.jenkins.plugins.openmaru.sandbox.faults.FaultRulesFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code openmaru sandbox serve}: a simulated OpenShift to point the CLI (or oc) at, until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a sandbox until stopped (Ctrl-C): a simulated OpenShift API server on loopback, simulated pods, "
                + "a router splitting requests by your Routes' weights (real HAProxy when installed), /metrics and synthetic traffic.",
                "Writes a kubeconfig so that 'openmaru --kubeconfig FILE ...' targets it. With --prometheus, also runs the "
                        + "prometheus binary found on PATH, scraping /metrics, and prints the --prometheus-url to give the CLI."})
public final class SandboxServeCommand implements Callable<Integer> {
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N", description = "API server port (default: any free port).")
    int port;

    @Option(names = "--router-port", defaultValue = "0", paramLabel = "N", description = "Router port (default: any free port).")
    int routerPort;

    @Option(names = "--router", paramLabel = "haproxy|builtin", description = SandboxRouter.OPTION_DESCRIPTION)
    String router;

    @Option(names = "--metrics-port", defaultValue = "0", paramLabel = "N", description = "/metrics port (default: any free port).")
    int metricsPort;

    @Option(names = "--traffic-rps", defaultValue = "5", paramLabel = "N",
            description = "Synthetic requests per second to every Route host (0-" + DataPlaneConfig.MAX_TRAFFIC_RPS + "; default ${DEFAULT-VALUE}).")
    int trafficRps;

    @Option(names = "--rollout-delay", defaultValue = "500ms", paramLabel = "DURATION",
            description = "How long a changed Deployment takes to become available (default ${DEFAULT-VALUE}).")
    String rolloutDelay;

    @Option(names = "--kubeconfig-out", defaultValue = "openmaru-sandbox.kubeconfig", paramLabel = "FILE",
            description = "Where to write the kubeconfig (default ${DEFAULT-VALUE}).")
    Path kubeconfigOut;

    @Option(names = "--prometheus", description = "Also start Prometheus (the 'prometheus' binary on PATH) scraping the simulated pods' /metrics every second; "
            + "it stops with the sandbox. Without the binary: exit code 2 and how to install it.")
    boolean prometheus;

    @Option(names = "--faults", paramLabel = "FILE",
            description = "Put a fault-injecting proxy in front of the API server, with the rules in FILE (JSON; docs/reliability.md); "
                    + "the kubeconfig points at the proxy, so the CLI's requests meet the faults. A bad rule: exit code 2 naming it.")
    Path faults;

    @Option(names = "--prometheus-port", defaultValue = "0", paramLabel = "N", description = "Prometheus' port with --prometheus (default: any free port).")
    int prometheusPort;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws IOException, InterruptedException {
        String namespace = namespace();
        Path prometheusBinary = prometheus ? prometheusBinary() : null;
        FaultRulesFile faultRules = faults == null ? null : FaultRulesFile.read(faults);
        PrintWriter out = spec.commandLine().getOut();
        DataPlaneConfig dataPlane = SandboxRouter.apply(router, new DataPlaneConfig(routerPort, metricsPort, trafficRps, Optional.empty()));
        try (Sandbox sandbox = Sandbox.start(Durations.parse("rollout-delay", rolloutDelay), port, dataPlane);
             PrometheusProcess scraper = prometheusBinary == null ? null
                     : PrometheusProcess.start(prometheusBinary, sandbox.dataPlane().metricsUrl(), prometheusPort, SCRAPE_INTERVAL);
             FaultProxy proxy = faultRules == null ? null : faultProxy(sandbox.cluster().url(), faultRules, out)) {
            SandboxKubeconfig.write(kubeconfigOut, proxy == null ? sandbox.cluster().url() : proxy.url(), namespace);
            out.printf("Sandbox running; stop it with Ctrl-C.%n");
            out.printf("  API server  %s%n", sandbox.cluster().url());
            if (proxy != null) {
                out.printf("  faults      %s  (%d rules from %s, seed %d; the kubeconfig points here)%n", proxy.url(), faultRules.rules().size(),
                        faults, faultRules.seed());
            }
            out.printf("  kubeconfig  %s (context %s, namespace %s)%n", kubeconfigOut.toAbsolutePath(), SandboxKubeconfig.CONTEXT, namespace);
            out.printf("  router      %s  (%s; Host: <route>-<namespace>.%s, or the Route's own host)%n", sandbox.dataPlane().routerUrl(),
                    sandbox.dataPlane().routerDescription(), SandboxApiFront.ROUTER_DOMAIN);
            out.printf("  metrics     %s%n", sandbox.dataPlane().metricsUrl());
            String prometheusUrl = scraper == null ? null : scraper.url().toString();
            if (scraper != null) {
                out.printf("  prometheus  %s  (pid %d, scraping %s every %ss; give the CLI --prometheus-url %s)%n", prometheusUrl,
                        scraper.pid(), sandbox.dataPlane().metricsUrl(), SCRAPE_INTERVAL.toSeconds(), prometheusUrl);
            }
            out.printf("Try:%n  ./openmaru --kubeconfig %s canary shop --image quay.io/acme/shop:v1%n", kubeconfigOut);
            out.printf("  ./openmaru --kubeconfig %s canary shop --image quay.io/acme/shop:v2 --steps 20,50,100 --gate http:/health:0.95 --analysis-interval 2s%n",
                    kubeconfigOut);
            if (prometheusUrl != null) {
                out.printf("  ./openmaru --kubeconfig %s --prometheus-url %s canary shop --image quay.io/acme/shop:v3 --steps 20,50,100 --gate preset:http-success-rate:0.95 --analysis-interval 10s%n",
                        kubeconfigOut, prometheusUrl);
            }
            out.printf("  curl -H 'Host: shop-%s.%s' %s/%n", namespace, SandboxApiFront.ROUTER_DOMAIN, sandbox.dataPlane().routerUrl());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "openmaru-sandbox-stop"));
            stopped.await();
        }
        return 0;
    }

    /** A fault proxy in front of the API server with {@code rules}; each fault it injects is printed as it happens. */
    private static FaultProxy faultProxy(String apiServer, FaultRulesFile rules, PrintWriter out) {
        FaultProxy proxy = FaultProxy.start(apiServer, injection -> {
            synchronized (out) {
                out.printf("  fault       %s%n", injection);
                out.flush();
            }
        });
        rules.applyTo(proxy.rules());
        return proxy;
    }

    /** The prometheus binary on PATH; without one, bad input that says how to install it. */
    private static Path prometheusBinary() {
        return PrometheusProcess.find(System.getenv("PATH")).orElseThrow(() -> new ValidationException("prometheus",
                "no 'prometheus' executable on PATH; install it (Debian/Ubuntu: " + PrometheusProcess.INSTALL_HINT
                        + ") or serve without --prometheus"));
    }

    /** The kubeconfig's namespace: the global {@code -n/--namespace} option when given, else {@code default}. */
    private String namespace() {
        OptionSpec global = spec.root().findOption("--namespace");
        Object value = global == null ? null : global.getValue();
        return value == null ? "default" : value.toString();
    }

    /** Stops a serve running in this JVM (tests); Ctrl-C does the same. */
    public void stop() {
        stopped.countDown();
    }
}
