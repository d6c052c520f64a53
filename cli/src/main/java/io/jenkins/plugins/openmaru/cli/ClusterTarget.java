package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Which cluster a command tried to reach, for the message when it cannot: URL, context and kubeconfig file. */
final class ClusterTarget {
    private ClusterTarget() {
    }

    /** {@code " (API server https://…, context dev, kubeconfig /home/me/.kube/config)"}, or empty when the options are unknown. */
    static String of(CommandLine command) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        if (!(root.getCommand() instanceof OpenmaruCommand o)) {
            return "";
        }
        Config c;
        try {
            c = ClusterSession.config(o);
        } catch (RuntimeException unreadable) {
            return "";
        }
        String context = c.getCurrentContext() == null ? "none" : c.getCurrentContext().getName();
        return " (API server " + c.getMasterUrl() + ", context " + context + ", " + source(o.kubeconfig) + ")";
    }

    private static String source(Path given) {
        if (given != null) {
            return "kubeconfig " + given;
        }
        List<String> looked = List.copyOf(Config.getKubeconfigFilenames());
        List<String> found = looked.stream().filter(f -> Files.isReadable(Path.of(f))).toList();
        return found.isEmpty() ? "no kubeconfig found: looked in " + (looked.isEmpty() ? "none" : String.join(", ", looked))
                + " and for an in-cluster service account; pass --kubeconfig or set KUBECONFIG"
                : "kubeconfig " + String.join(", ", found);
    }
}
