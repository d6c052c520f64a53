package io.jenkins.plugins.openmaru.jenkins;

import hudson.FilePath;
import io.jenkins.plugins.openmaru.image.BinaryInput;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The workspace of the {@code node} block a step runs in, read through {@link FilePath}, so the files
 * may be on an agent. A directory is archived on the agent with {@link FilePath#tar} and compressed
 * on its way into a temporary file, which the upload then streams (and deletes when done).
 */
final class AgentWorkspace implements Workspace {
    private final FilePath root;

    private AgentWorkspace(FilePath root) {
        this.root = root;
    }

    /**
     * The workspace of the step's {@code node}.
     *
     * @param field the step parameter that needs it, named in the error when the step runs outside {@code node}
     */
    static Workspace of(StepContext context, String field) throws IOException, InterruptedException {
        FilePath root = context.get(FilePath.class);
        if (root == null) {
            throw new ValidationException(field, "no workspace", "a path in the workspace: run the step inside a node { } block");
        }
        return new AgentWorkspace(root);
    }

    @Override
    public BinaryInput upload(String path) throws IOException, InterruptedException {
        FilePath file = existing("path", path);
        if (file.isDirectory()) {
            return BinaryInput.of(null, () -> archive(file));
        }
        return BinaryInput.of(file.getName(), () -> open(file));
    }

    @Override
    public String read(String field, String path) throws IOException, InterruptedException {
        try (InputStream in = existing(field, path).read()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private FilePath existing(String field, String path) throws IOException, InterruptedException {
        FilePath file = root.child(path);
        if (!file.exists()) {
            throw new ValidationException(field, path, "an existing file or directory in the workspace " + root.getRemote());
        }
        return file;
    }

    private static InputStream open(FilePath file) throws IOException {
        try {
            return file.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while opening " + file.getRemote());
        }
    }

    private static InputStream archive(FilePath directory) throws IOException {
        Path archive = Files.createTempFile("openmaru-binary-", ".tar.gz");
        boolean written = false;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            directory.tar(out, "**/*");
            written = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while archiving " + directory.getRemote());
        } finally {
            if (!written) {
                Files.deleteIfExists(archive);
            }
        }
        return Files.newInputStream(archive, StandardOpenOption.DELETE_ON_CLOSE);
    }
}
