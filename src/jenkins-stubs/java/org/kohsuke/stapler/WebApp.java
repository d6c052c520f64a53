package org.kohsuke.stapler;

/** Stub of stapler {@code WebApp}: named by {@code StaplerRequest2}; no members are used. */
public class WebApp {
    private WebApp() {
    }
}
