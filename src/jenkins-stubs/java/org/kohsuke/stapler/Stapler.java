package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServlet;

/** Stub of stapler {@code Stapler}: named by {@code StaplerRequest2}; no members are used. */
public class Stapler extends HttpServlet {
    private Stapler() {
    }
}
