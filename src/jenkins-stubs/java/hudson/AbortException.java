package hudson;

import java.io.IOException;

/** Stub of jenkins-core {@code hudson.AbortException}: fails a build with a message and no stack trace. */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
