package io.jenkins.plugins.openmaru.jenkins;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Requests and responses as Stapler would hand them to a {@code do*} method: a verb and form parameters
 * in, and the status, error message, redirect and body that the method's response produced out.
 */
final class FakeHttp {
    private FakeHttp() {}

    static StaplerRequest2 request(String method, Map<String, String> params) {
        return (StaplerRequest2) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {StaplerRequest2.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getParameter" -> params.get((String) args[0]);
                    case "toString" -> method + " " + params;
                    default -> throw new UnsupportedOperationException("fake request: " + m.getName());
                });
    }

    /** What a response was told to do. */
    static final class Served {
        int status = 200;
        String error;
        String redirect;
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + (error == null ? "" : " " + error) + (redirect == null ? "" : " -> " + redirect);
        }
    }

    /** A view method that writes its answer itself, such as {@code doJson(req, rsp)}. */
    interface View {
        void serve(StaplerRequest2 req, StaplerResponse2 rsp) throws Exception;
    }

    /** What {@code view} wrote for a GET without parameters. */
    static Served get(View view) throws Exception {
        Served s = new Served();
        view.serve(request("GET", Map.of()), response(s));
        return s;
    }

    static Served serve(HttpResponse r) throws Exception {
        Served s = new Served();
        r.generateResponse(request("GET", Map.of()), response(s), null);
        return s;
    }

    static StaplerResponse2 response(Served s) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                s.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
                throw new UnsupportedOperationException();
            }
        };
        return (StaplerResponse2) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(), new Class<?>[] {StaplerResponse2.class},
                (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "sendError" -> {
                            s.status = (Integer) args[0];
                            s.error = args.length > 1 ? (String) args[1] : null;
                        }
                        case "setStatus" -> s.status = (Integer) args[0];
                        case "sendRedirect" -> {
                            s.status = args.length > 1 ? (Integer) args[0] : 302;
                            s.redirect = (String) args[args.length - 1];
                        }
                        case "setContentType" -> s.contentType = (String) args[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        default -> throw new UnsupportedOperationException("fake response: " + m.getName());
                    }
                    return null;
                });
    }
}
