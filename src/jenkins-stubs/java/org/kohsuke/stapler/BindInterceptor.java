package org.kohsuke.stapler;

/** Stub of stapler {@code BindInterceptor}: named by {@code StaplerRequest2}; no members are used. */
public class BindInterceptor {
    private BindInterceptor() {
    }
}
