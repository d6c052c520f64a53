package io.jenkins.plugins.openmaru.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What a binary build uploads: one file (a jar or war, which the builder receives under its own
 * name) or an archive (a directory sent as tar.gz, which the builder unpacks), as
 * {@code oc start-build --from-file} and {@code --from-dir} send them.
 */
public final class BinaryInput {
    /** Opens the bytes to upload; called once per build. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private final String asFile;
    private final Content content;

    private BinaryInput(String asFile, Content content) {
        this.asFile = asFile;
        this.content = content;
    }

    /** A jar or war, delivered to the builder as a file of the same name. */
    public static BinaryInput file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new io.jenkins.plugins.openmaru.model.ValidationException("binary", file, "an existing file such as target/app.jar");
        }
        return new BinaryInput(file.getFileName().toString(), () -> Files.newInputStream(file));
    }

    /** A directory, delivered as a tar.gz archive of its contents. */
    public static BinaryInput directory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new io.jenkins.plugins.openmaru.model.ValidationException("binary", directory, "an existing directory");
        }
        return new BinaryInput(null, () -> {
            Path archive = Files.createTempFile("openmaru-binary-", ".tar.gz");
            try (var out = Files.newOutputStream(archive)) {
                TarGz.write(directory, out);
            }
            return Files.newInputStream(archive, StandardOpenOption.DELETE_ON_CLOSE);
        });
    }

    /** Bytes from elsewhere (e.g. a Jenkins agent's workspace): a named file, or an archive when {@code asFile} is null. */
    public static BinaryInput of(String asFile, Content content) {
        return new BinaryInput(asFile, content);
    }

    /** The file name the builder stores the upload under, or null for an archive it unpacks. */
    public String asFile() {
        return asFile;
    }

    InputStream open() throws IOException {
        return content.open();
    }
}
