package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every rollout command shares: app, image, gates and analysis policy, env, replicas ({@link SlotOptions}: those of the slot strategies). */
final class RolloutOptions {
    @Parameters(index = "0", paramLabel = "APP", description = "The app.")
    String app;

    @Mixin
    AnalysisOptions analysis;

    @Option(names = "--image", required = true, paramLabel = "IMG", description = "The candidate image, with a tag or digest.")
    String image;

    @Option(names = "--env", paramLabel = "K=V", description = "Environment variable on the candidate's container (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--replicas", paramLabel = "N", description = "Pods running the candidate (default: as many as stable, 1 the first time).")
    Integer replicas;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Container and Service port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--progress-deadline", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long the candidate may take to become available before the rollout aborts (default ${DEFAULT-VALUE}).")
    String progressDeadline;

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
                .progressDeadline(Durations.parse("progress-deadline", progressDeadline));
    }
}
