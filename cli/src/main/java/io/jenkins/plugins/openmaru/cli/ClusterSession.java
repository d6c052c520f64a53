package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.audit.WebhookNotifier;
import io.jenkins.plugins.openmaru.gate.GateFactory;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.workload.ServiceProxyEndpoints;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * One command's connection to the cluster: the client from the kubeconfig, the namespace, and an
 * engine whose http gates reach each slot through the API server's service proxy.
 */
final class ClusterSession implements AutoCloseable {
    /** The notification webhook (docs/guardrails.md); from the environment because its URL is a secret. */
    static final String NOTIFY_URL_ENV = "OPENMARU_NOTIFY_URL";
    static final int RETRIES = ClusterClients.REQUEST_RETRIES;
    static final Duration MIN_LEASE_DURATION = Duration.ofSeconds(15);
    private static final AtomicLong SESSIONS = new AtomicLong();

    private final OpenmaruCommand options;
    private final KubernetesClient client;
    private final String namespace;
    private final RolloutEngine engine;
    private final String identity = newIdentity();

    ClusterSession(OpenmaruCommand options) {
        this.options = options;
        Config config = target(options);
        this.client = ClusterClients.create(config);
        this.namespace = namespace(options, config);
        this.engine = new RolloutEngine(client, EngineConfig.of(identity).withLeaseDuration(leaseDuration(options)).withGates(gates(options))
                .withEndpoints(new ServiceProxyEndpoints(client.getMasterUrl())).withGuardrails(guardrails(options))
                .withNotifier(WebhookNotifier.of(NOTIFY_URL_ENV, System.getenv(NOTIFY_URL_ENV))));
    }

    /** The client configuration of the context the options choose (refused when the kubeconfig lacks it); makes no request. */
    static Config target(OpenmaruCommand options) {
        Config config = KubeconfigContexts.require(config(options), options.context, options.kubeconfig);
        // Break-glass use: say "unreachable" within seconds rather than after fabric8's ten retries.
        config.setRequestRetryBackoffLimit(RETRIES);
        return config;
    }

    /** {@code -n}, else the context's namespace, else {@code default}. */
    static String namespace(OpenmaruCommand options, Config config) {
        return options.namespace != null ? options.namespace : config.getNamespace() != null ? config.getNamespace() : "default";
    }

    /**
     * {@code openmaru --kubeconfig K --context C -n NS VERB APP}: a command to paste into another shell that acts
     * on the same app in the same cluster as this one (the kubeconfig and context only when this one named them).
     */
    String command(String verb, String app) {
        List<String> words = new ArrayList<>(List.of("openmaru"));
        if (options.kubeconfig != null) {
            words.addAll(List.of("--kubeconfig", options.kubeconfig.toAbsolutePath().toString()));
        }
        if (options.context != null) {
            words.addAll(List.of("--context", options.context));
        }
        words.addAll(List.of("-n", namespace, verb, app));
        return words.stream().map(ClusterSession::shellWord).collect(Collectors.joining(" "));
    }

    /** {@code word} as a POSIX shell reads it back: quoted when it holds anything but safe characters. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /** The gates the CLI measures with: services where its options and environment say (see {@link CliGateCredentials}). */
    static GateFactory gates(OpenmaruCommand options) {
        return new GateFactory(gateCredentials(options));
    }

    static CliGateCredentials gateCredentials(OpenmaruCommand options) {
        return new CliGateCredentials(options.prometheusUrl, System::getenv);
    }

    /** {@code --lease-duration}: shorter than 15 s, a driver slowed by the API server would lose the lease while driving. */
    static Duration leaseDuration(OpenmaruCommand options) {
        if (options.leaseDuration == null) {
            return EngineConfig.DEFAULT_LEASE_DURATION;
        }
        Duration d = Durations.parse("--lease-duration", options.leaseDuration);
        if (d.compareTo(MIN_LEASE_DURATION) < 0) {
            throw new ValidationException("--lease-duration", options.leaseDuration, "a duration of at least 15s (default 60s)");
        }
        return d;
    }

    /** The guardrail options; unset ones come from the namespace's ConfigMap when the engine checks. */
    static GuardrailPolicy guardrails(OpenmaruCommand options) {
        return GuardrailPolicy.parse(options.guardrailMode, options.allowedRegistries, options.requireDigest);
    }

    /** The client configuration the options choose; reading it makes no request. */
    static Config config(OpenmaruCommand o) {
        if (o.kubeconfig == null) {
            return KubeconfigReader.autoConfigure(o.context);
        }
        if (!Files.isReadable(o.kubeconfig)) {
            throw new ValidationException("kubeconfig", o.kubeconfig, "a readable kubeconfig file");
        }
        try {
            return KubeconfigReader.read(o.context, o.kubeconfig);
        } catch (IOException e) {
            throw new ValidationException("kubeconfig", o.kubeconfig, "a readable kubeconfig file (" + e.getMessage() + ")");
        }
    }

    /**
     * The lease holder name of rollouts this command drives: the user and machine, and this process (and session
     * within it), so two terminals of one user are two drivers and never drive one rollout together. Actions are
     * recorded as the user ({@link #actor}).
     */
    private static String newIdentity() {
        long n = SESSIONS.incrementAndGet();
        return "cli:" + user() + "@" + host() + "#" + ProcessHandle.current().pid() + (n == 1 ? "" : "." + n);
    }

    String identity() {
        return identity;
    }

    static Actor actor(String comment) {
        return new Actor("cli:" + user(), comment);
    }

    private static String user() {
        String u = System.getProperty("user.name");
        return u == null || u.isBlank() ? "unknown" : u;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    String namespace() {
        return namespace;
    }

    AppRef app(String name) {
        return new AppRef(namespace, name);
    }

    /** The app's state; an app the cluster holds nothing about is bad input (exit 2), named as such. */
    DeliveryState knownState(AppRef app) {
        return known(app, engine.status(app));
    }

    static DeliveryState known(AppRef app, DeliveryState s) {
        if (s.history().isEmpty() && s.rollout() == null) {
            throw new ValidationException("app", app.app(), "an app with delivery state in namespace " + app.namespace()
                    + " (none found; deploy it first with 'openmaru canary')");
        }
        return s;
    }

    KubernetesClient client() {
        return client;
    }

    RolloutEngine engine() {
        return engine;
    }

    OpenmaruCommand options() {
        return options;
    }

    boolean json() {
        return options.output == OpenmaruCommand.Output.json;
    }

    @Override
    public void close() {
        client.close();
    }
}
