package hudson;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Stub of jenkins-core {@code FilePath}: a file on the controller or an agent. Only the path is
 * kept; file operations need a real Jenkins (and the agent channel), so they throw here.
 */
public final class FilePath {
    private final String remote;

    public FilePath(File localPath) {
        this.remote = localPath.getPath();
    }

    public String getRemote() {
        return remote;
    }

    public String getName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public InputStream read() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public void mkdirs() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public void write(String content, String encoding) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public int tar(OutputStream out, String glob) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
