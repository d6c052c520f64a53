package io.jenkins.plugins.openmaru.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code openmaru}: the top command and its global options, which every subcommand accepts too.
 * New subcommands are listed in {@link Cli#SUBCOMMANDS}, which adds only the one a command line names.
 */
@Command(name = "openmaru", mixinStandardHelpOptions = true, versionProvider = CliVersion.class,
        description = "Progressive delivery on OpenShift and Kubernetes from the command line: canary rollouts gated on health, "
                + "promote, abort and one-command rollback (docs/cli.md).")
public final class OpenmaruCommand {

    /** How results are printed. */
    public enum Output { text, json }

    @Option(names = "--kubeconfig", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Kubeconfig context (default: the current context).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", scope = ScopeType.INHERIT,
            description = "Namespace (default: the context's namespace, else 'default').")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", scope = ScopeType.INHERIT,
            description = "text or json (one JSON document per command). Default: ${DEFAULT-VALUE}.")
    Output output;

    @Option(names = "--prometheus-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Prometheus server for prometheus and compare gates (default $OPENMARU_PROMETHEUS_URL); its bearer token, if any, comes from $OPENMARU_PROMETHEUS_TOKEN.")
    java.net.URI prometheusUrl;

    @Option(names = "--guardrail-mode", paramLabel = "MODE", scope = ScopeType.INHERIT,
            description = "enforce, warn or off: what a rollout that breaks a guardrail does (docs/guardrails.md). "
                    + "Default: the namespace's ConfigMap openmaru-guardrails, else off.")
    String guardrailMode;

    @Option(names = "--allowed-registries", paramLabel = "LIST", scope = ScopeType.INHERIT,
            description = "Registries (host[:port][/path], comma-separated) candidate images must come from. Default: the namespace's ConfigMap, else any.")
    String allowedRegistries;

    @Option(names = "--require-digest", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", scope = ScopeType.INHERIT,
            description = "Refuse images not pinned by digest (true or false). Default: the namespace's ConfigMap, else false.")
    String requireDigest;

    @Option(names = "--lease-duration", paramLabel = "DURATION", scope = ScopeType.INHERIT,
            description = "How long the app's lease outlives a driver that stops renewing it (killed outright): at least 15s. Default: 60s.")
    String leaseDuration;
}
