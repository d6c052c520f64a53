package org.kohsuke.stapler;

import jakarta.servlet.ServletException;
import java.io.IOException;

/**
 * Stub of stapler {@code HttpResponses}. Each factory returns a response that forwards to the
 * listed response method the real one calls, so a test can run it against a fake response.
 */
public class HttpResponses {
    private HttpResponses() {
    }

    public static HttpRedirect redirectTo(String url) {
        return new HttpRedirect(url);
    }

    public static HttpResponse redirectToDot() {
        return HttpRedirect.DOT;
    }

    public static HttpResponseException forwardToPreviousPage() {
        return new HttpResponseException() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
                rsp.forwardToPreviousPage(req);
            }
        };
    }

    public static HttpResponseException status(int code) {
        return new HttpResponseException() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) {
                rsp.setStatus(code);
            }
        };
    }

    public static HttpResponseException errorWithoutStack(int code, String errorMessage) {
        return new HttpResponseException() {
            @Override
            public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
                rsp.sendError(code, errorMessage);
            }
        };
    }

    /** Stub of {@code HttpResponses.HttpResponseException}. */
    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {
        public HttpResponseException() {
        }

        public HttpResponseException(String message) {
            super(message);
        }
    }
}
