package io.jenkins.plugins.openmaru.image;

/** What applying one object did to the cluster. */
public record ApplyOutcome(String kind, String name, Change change) {
    /** Created, updated, or already as desired (no write at all). */
    public enum Change { CREATED, UPDATED, UNCHANGED }

    @Override
    public String toString() {
        return kind + "/" + name + " " + change.name().toLowerCase(java.util.Locale.ROOT);
    }
}
