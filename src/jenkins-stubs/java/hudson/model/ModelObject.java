package hudson.model;

/** Stub of jenkins-core {@code hudson.model.ModelObject}. */
public interface ModelObject {
    String getDisplayName();
}
