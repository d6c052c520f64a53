package hudson.model;

/** Stub of jenkins-core {@code hudson.model.Descriptor}. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {
    }

    protected Descriptor() {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getId() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
