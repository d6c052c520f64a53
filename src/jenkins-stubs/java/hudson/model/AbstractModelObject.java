package hudson.model;

/** Stub of jenkins-core {@code hudson.model.AbstractModelObject}. */
public abstract class AbstractModelObject {
}
