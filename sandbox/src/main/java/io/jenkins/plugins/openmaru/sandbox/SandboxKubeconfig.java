package io.jenkins.plugins.openmaru.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kubeconfig that points {@code openmaru} (or {@code oc}/{@code kubectl}) at a running sandbox. It holds no secret: the sandbox asks for none. */
public final class SandboxKubeconfig {
    public static final String CONTEXT = "openmaru-sandbox";

    private SandboxKubeconfig() {}

    public static String render(String serverUrl, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    namespace: %3$s
                    user: %1$s
                current-context: %1$s
                users:
                - name: %1$s
                  user: {}
                """.formatted(CONTEXT, serverUrl, namespace);
    }

    public static void write(Path file, String serverUrl, String namespace) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(serverUrl, namespace));
    }
}
