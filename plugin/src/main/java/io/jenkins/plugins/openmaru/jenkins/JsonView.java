package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.kohsuke.stapler.StaplerResponse2;

/** Writes the JSON view of a page: the build page's and the release history's. */
final class JsonView {
    private JsonView() {}

    static void send(StaplerResponse2 rsp, Map<String, Object> body) throws IOException {
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.getOutputStream().write(Serialization.asJson(body).getBytes(StandardCharsets.UTF_8));
    }
}
