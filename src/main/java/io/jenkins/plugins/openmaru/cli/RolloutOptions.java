package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every rollout command shares: app, image, gates and analysis policy, env, replicas, router. */
final class RolloutOptions {
    @Parameters(index = "0", paramLabel = "APP", description = "The app: its slots are APP-blue and APP-green, its Route APP.")
    String app;

    @Mixin
    AnalysisOptions analysis;

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "The candidate image, with a tag or digest.")
    String image;

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable on the candidate's container (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--replicas", paramLabel = "N", description = "Pods in the candidate slot (default: as many as stable, 1 the first time).")
    Integer replicas;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Container and Service port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--progress-deadline", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long the candidate may take to become available before the rollout aborts (default ${DEFAULT-VALUE}).")
    String progressDeadline;

    @Option(names = "--router", paramLabel = "KIND", defaultValue = "auto", completionCandidates = HelpChoices.Routers.class,
            description = "How traffic moves between the slots: one of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; rolling takes only auto).")
    String router;

    @Option(names = "--scale-down-delay", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long the previous slot stays warm after promotion, for a one-write rollback (default ${DEFAULT-VALUE}).")
    String scaleDownDelay;

    @Option(names = "--bake", paramLabel = "DURATION",
            description = "After promotion, keep measuring the gates on the new stable this long; a failure rolls back to the warm"
                    + " previous slot in one write (canary and blue-green; at most --scale-down-delay; default: no bake).")
    String bake;

    Map<String, String> envMap() {
        return keyValues("env", env);
    }

    /** Parses repeated {@code --option NAME=VALUE} pairs; the value may be empty and may contain '='. */
    static Map<String, String> keyValues(String option, List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            String kv = pairs.get(i);
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException(option + "[" + i + "]", kv, "NAME=VALUE, e.g. --" + option + " LOG_LEVEL=debug");
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    RolloutSpec.Builder spec(String namespace) {
        return RolloutSpec.builder(namespace, app, image).env(envMap()).replicas(replicas).port(port)
                .router(RouterKind.parse(router))
                .progressDeadline(Durations.parse("progress-deadline", progressDeadline))
                .scaleDownDelay(Durations.parse("scale-down-delay", scaleDownDelay))
                .bake(bake == null ? null : Durations.parse("bake", bake));
    }
}
