package hudson.model;

/** Stub of jenkins-core {@code hudson.model.Describable}. */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
