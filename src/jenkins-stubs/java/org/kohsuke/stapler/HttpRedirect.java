package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

/** Stub of stapler {@code HttpRedirect}: keeps the target and redirects to it, as the real one does. */
public final class HttpRedirect extends RuntimeException implements HttpResponse {
    public static final HttpRedirect DOT = new HttpRedirect(".");

    private final int statusCode;
    private final String url;

    public HttpRedirect(String url) {
        this(302, url);
    }

    public HttpRedirect(int statusCode, String url) {
        this.statusCode = statusCode;
        this.url = url;
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        rsp.sendRedirect(statusCode, url);
    }
}
