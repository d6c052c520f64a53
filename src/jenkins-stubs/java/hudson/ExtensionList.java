package hudson;

import java.util.AbstractList;

/** Stub of jenkins-core {@code ExtensionList}: the registered instances of an extension point. */
public class ExtensionList<T> extends AbstractList<T> {
    private ExtensionList() {
    }

    public static <T> ExtensionList<T> lookup(Class<T> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public <U extends T> U get(Class<U> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
