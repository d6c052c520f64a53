package io.jenkins.plugins.openmaru.image;

import io.jenkins.plugins.openmaru.model.BuildPhase;
import java.util.List;

/**
 * A build that ended without an image: Failed, Error, Cancelled, deleted or out of time. The
 * message names the build, its phase and reason, and ends with the last lines of its log,
 * which is usually where the cause is.
 */
public final class BuildFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String buildName;
    private final BuildPhase phase;
    private final List<String> logTail;

    public BuildFailedException(String buildName, BuildPhase phase, String reason, List<String> logTail) {
        super("Build " + buildName + " " + phase.apiName() + (reason == null || reason.isBlank() ? "" : ": " + reason)
                + (logTail.isEmpty() ? "; the build wrote no log" : "; last " + logTail.size() + " log lines:\n" + String.join("\n", logTail)));
        this.buildName = buildName;
        this.phase = phase;
        this.logTail = List.copyOf(logTail);
    }

    public String buildName() {
        return buildName;
    }

    public BuildPhase phase() {
        return phase;
    }

    public List<String> logTail() {
        return logTail;
    }
}
