package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

/** Stub of stapler {@code HttpResponse}. */
public interface HttpResponse {
    default void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
