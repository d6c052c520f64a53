package hudson;

/** Stub of jenkins-core {@code hudson.ExtensionPoint}. */
public interface ExtensionPoint {
}
