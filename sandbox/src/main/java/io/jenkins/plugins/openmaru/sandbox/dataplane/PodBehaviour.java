package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a simulated pod behaves, read from its Deployment's first container: the image is the
 * version it reports, and the {@code SANDBOX_*} env knobs shape its answers.
 */
public record PodBehaviour(String version, double errorRate, Duration latency, Readiness readiness, String healthPath) {

    public static final String ERROR_RATE = "SANDBOX_ERROR_RATE";
    public static final String LATENCY_MS = "SANDBOX_LATENCY_MS";
    public static final String FAIL_READINESS = "SANDBOX_FAIL_READINESS";
    public static final String HEALTH_CHECK_URL = "HEALTH_CHECK_URL";
    public static final String DEFAULT_HEALTH_PATH = "/health";
    private static final long MAX_LATENCY_MS = 60_000;

    /** Whether the pod's health endpoint answers 200. */
    public enum Readiness { PASSING, FAILING }

    public PodBehaviour {
        if (version == null || version.isBlank()) {
            throw new ValidationException("image", version, "a container image");
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new ValidationException(ERROR_RATE, errorRate, "a fraction from 0 to 1");
        }
    }

    /** Reads the behaviour of the pods the Deployment's template would create. */
    public static PodBehaviour of(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        if (containers == null || containers.isEmpty()) {
            throw new ValidationException("spec.template.spec.containers", "[]", "at least one container");
        }
        Container container = containers.get(0);
        Map<String, String> env = container.getEnv() == null ? Map.of()
                : container.getEnv().stream()
                        .filter(e -> e.getName() != null && e.getValue() != null)
                        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> b));
        return new PodBehaviour(
                container.getImage(),
                errorRate(env.get(ERROR_RATE)),
                latency(env.get(LATENCY_MS)),
                readiness(env.get(FAIL_READINESS)),
                healthPath(env.get(HEALTH_CHECK_URL)));
    }

    private static double errorRate(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(ERROR_RATE, value, "a fraction from 0 to 1");
        }
    }

    private static Duration latency(String value) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0 && millis <= MAX_LATENCY_MS) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new ValidationException(LATENCY_MS, value, "whole milliseconds from 0 to " + MAX_LATENCY_MS);
    }

    private static Readiness readiness(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("false")) {
            return Readiness.PASSING;
        }
        if (value.trim().equalsIgnoreCase("true")) {
            return Readiness.FAILING;
        }
        throw new ValidationException(FAIL_READINESS, value, "true or false");
    }

    /** {@code HEALTH_CHECK_URL} may be a path or a full URL; the pod answers on its path. */
    private static String healthPath(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_HEALTH_PATH;
        }
        try {
            String path = new URI(value.trim()).getPath();
            return Optional.ofNullable(path).filter(p -> p.startsWith("/")).orElseThrow(
                    () -> new ValidationException(HEALTH_CHECK_URL, value, "a path such as /health or a URL"));
        } catch (URISyntaxException e) {
            throw new ValidationException(HEALTH_CHECK_URL, value, "a path such as /health or a URL");
        }
    }
}
