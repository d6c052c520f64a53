package org.kohsuke.stapler.lang;

/** Stub of stapler {@code Klass}: named by {@code StaplerRequest2}; no members are used. */
public final class Klass<C> {
    private Klass() {
    }
}
