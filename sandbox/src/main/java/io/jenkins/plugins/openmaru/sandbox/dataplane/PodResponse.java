package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.Optional;

/** What a simulated pod (or the router, when nothing can serve) answers. */
public record PodResponse(int status, Optional<String> version, String body) {

    public static final String VERSION_HEADER = "X-Sandbox-Version";

    static PodResponse unavailable(String reason) {
        return new PodResponse(503, Optional.empty(), reason + "\n");
    }
}
