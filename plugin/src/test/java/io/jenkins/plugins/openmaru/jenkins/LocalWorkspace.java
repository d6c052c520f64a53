package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.image.BinaryInput;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A workspace in a local directory, standing in for an agent's in step tests (FilePath is a stub here). */
final class LocalWorkspace implements Workspace {
    private final Path root;

    LocalWorkspace(Path root) {
        this.root = root;
    }

    /** An opener that hands every step this directory as its workspace. */
    static Workspace.Opener at(Path root) {
        return (context, field) -> new LocalWorkspace(root);
    }

    @Override
    public BinaryInput upload(String path) {
        Path p = existing("path", path);
        return Files.isDirectory(p) ? BinaryInput.directory(p) : BinaryInput.file(p);
    }

    @Override
    public String read(String field, String path) throws IOException {
        return Files.readString(existing(field, path));
    }

    private Path existing(String field, String path) {
        Path p = root.resolve(path);
        if (!Files.exists(p)) {
            throw new ValidationException(field, path, "an existing file or directory in the workspace " + root);
        }
        return p;
    }
}
