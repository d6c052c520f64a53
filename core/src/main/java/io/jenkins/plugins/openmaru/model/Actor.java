package io.jenkins.plugins.openmaru.model;

/**
 * Who asked for an action and why, recorded in the app's history: a Jenkins user id, {@code cli:alice},
 * {@code drill}, or {@code engine} for automatic decisions.
 */
public record Actor(String name, String comment) {
    public static final Actor ENGINE = new Actor("engine", "");

    public Actor {
        if (name == null || name.isBlank()) {
            throw new ValidationException("actor", name, "a non-empty user or process name");
        }
        comment = comment == null ? "" : comment;
    }

    public static Actor of(String name) {
        return new Actor(name, "");
    }
}
