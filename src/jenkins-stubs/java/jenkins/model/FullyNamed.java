package jenkins.model;

/** Stub of jenkins-core {@code jenkins.model.FullyNamed}. */
public interface FullyNamed {
    String getFullName();
}
