package io.jenkins.plugins.openmaru.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The guardrails a cluster or namespace asks for (docs/guardrails.md). Each value may be unset (null), so a policy
 * given explicitly (Jenkins cluster, CLI options) can fall back field by field to the namespace's ConfigMap.
 *
 * @param mode enforce, warn or off; unset means off
 * @param allowedRegistries registries (host, optionally a path) candidate images must come from; unset or empty allows any
 * @param requireDigest whether images must be pinned by digest; unset means no
 */
public record GuardrailPolicy(GuardrailMode mode, List<String> allowedRegistries, Boolean requireDigest) {
    public static final GuardrailPolicy UNSET = new GuardrailPolicy(null, null, null);
    private static final Pattern REGISTRY = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9._-]+)*");

    public GuardrailPolicy {
        if (allowedRegistries != null) {
            for (int i = 0; i < allowedRegistries.size(); i++) {
                String r = allowedRegistries.get(i);
                if (r == null || !REGISTRY.matcher(r).matches()) {
                    throw new ValidationException("allowedRegistries[" + i + "]", r,
                            "a registry host[:port][/path] such as image-registry.openshift-image-registry.svc:5000 or quay.io/acme");
                }
            }
            allowedRegistries = List.copyOf(allowedRegistries);
        }
    }

    /**
     * From the plain strings of a form, an option or a ConfigMap: {@code mode} enforce/warn/off, {@code registries}
     * separated by commas, spaces or new lines, {@code requireDigest} true/false. Blank values stay unset.
     */
    public static GuardrailPolicy parse(String mode, String registries, String requireDigest) {
        return new GuardrailPolicy(GuardrailMode.parse("guardrailMode", mode), registries(registries), flag("requireDigest", requireDigest));
    }

    private static List<String> registries(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return new ArrayList<>(Arrays.stream(s.trim().split("[,\\s]+")).filter(x -> !x.isEmpty()).toList());
    }

    private static Boolean flag(String field, String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ValidationException(field, s, "true or false");
        };
    }

    /** This policy's values, each unset one taken from {@code fallback}. */
    public GuardrailPolicy orElse(GuardrailPolicy fallback) {
        return new GuardrailPolicy(mode != null ? mode : fallback.mode,
                allowedRegistries != null ? allowedRegistries : fallback.allowedRegistries,
                requireDigest != null ? requireDigest : fallback.requireDigest);
    }

    public GuardrailMode effectiveMode() {
        return mode == null ? GuardrailMode.OFF : mode;
    }

    public List<String> registries() {
        return allowedRegistries == null ? List.of() : allowedRegistries;
    }

    public boolean digestRequired() {
        return Boolean.TRUE.equals(requireDigest);
    }

    /** Whether {@code image} comes from an allowed registry; a reference without a registry host is Docker Hub's, as a container runtime reads it. */
    public boolean registryAllowed(String image) {
        if (registries().isEmpty()) {
            return true;
        }
        String repo = ImageReferences.repository(image);
        return registries().stream().anyMatch(r -> qualified(repo).startsWith(r + "/"));
    }

    private static String qualified(String repo) {
        int slash = repo.indexOf('/');
        String first = slash < 0 ? "" : repo.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return repo;
        }
        return "docker.io/" + (slash < 0 ? "library/" : "") + repo;
    }
}
