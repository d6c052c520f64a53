package io.jenkins.plugins.openmaru.model;

import java.util.Locale;

/** What a guardrail does with a rule a rollout breaks: refuse it before any write, only report it, or not check. */
public enum GuardrailMode {
    OFF, WARN, ENFORCE;

    /** {@code enforce}, {@code warn} or {@code off}, in any case; blank is null (not set). */
    public static GuardrailMode parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, value, "enforce, warn or off");
        }
    }

    /** The lower-case form users write and messages show. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
