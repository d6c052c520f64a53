package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.engine.EngineException;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.traffic.TrafficException;

/** The CLI's exit codes (docs/cli.md), and which failure gives which. */
public final class ExitCodes {
    /** Done: the rollout was promoted, the action was carried out. */
    public static final int OK = 0;
    /** The rollout failed, was aborted or rolled back. */
    public static final int ROLLOUT_FAILED = 1;
    /** Bad input: usage or validation; the message names the field. */
    public static final int BAD_INPUT = 2;
    /** Cluster problem: unreachable, forbidden, conflict, lease held by someone else (the message names the holder). */
    public static final int CLUSTER = 3;
    /** Interrupted (Ctrl-C); a foreground rollout was aborted first. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    static int of(Throwable e) {
        if (e instanceof ValidationException || e instanceof IllegalArgumentException) {
            return BAD_INPUT;
        }
        if (e instanceof EngineException || e instanceof TrafficException || e instanceof KubernetesClientException) {
            return CLUSTER;
        }
        if (e instanceof InterruptedException) {
            return INTERRUPTED;
        }
        return e.getCause() != null && e.getCause() != e ? of(e.getCause()) : CLUSTER;
    }

    /** What the user reads: the message in the vocabulary, without stack traces. */
    static String message(Throwable e) {
        if (e instanceof KubernetesClientException k) {
            return unreachable(k) ? "cannot reach the API server: " + rootMessage(k)
                    : "the API server answered " + k.getCode() + ": " + firstLine(k.getMessage());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The API server did not answer at all (no HTTP status). */
    static boolean unreachable(Throwable e) {
        return e instanceof KubernetesClientException k && k.getCode() <= 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
