package io.jenkins.plugins.openmaru.model;

import java.util.Map;
import java.util.Objects;

/**
 * A gate as the user wrote it: a kind ({@code readiness}, {@code http}, {@code prometheus},
 * {@code compare}, {@code webhook}, {@code manual}) and its parameters. Validated here, once,
 * so a bad gate fails before anything is written to the cluster.
 */
public record GateSpec(String kind, Map<String, String> params) {
    public GateSpec {
        Objects.requireNonNull(kind, "gate kind");
        params = Map.copyOf(params == null ? Map.of() : params);
    }

    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }
}
