package org.kohsuke.stapler.bind;

/** Stub of stapler {@code BoundObjectTable}: named by {@code StaplerRequest2}; no members are used. */
public class BoundObjectTable {
    private BoundObjectTable() {
    }
}
