package hudson.model;

import java.util.List;

/** Stub of jenkins-core {@code hudson.model.Actionable}: the actions attached to a model object. */
public abstract class Actionable extends AbstractModelObject {
    public final List<? extends Action> getAllActions() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public <T extends Action> List<T> getActions(Class<T> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public void addAction(Action a) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public boolean addOrReplaceAction(Action a) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public boolean removeAction(Action a) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
