package hudson.model;

/** Stub of jenkins-core {@code hudson.model.AbstractDescribableImpl}. */
@Deprecated
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
}
