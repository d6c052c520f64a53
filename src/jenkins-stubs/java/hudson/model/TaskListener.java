package hudson.model;

import java.io.PrintStream;
import java.io.PrintWriter;

/** Stub of jenkins-core {@code hudson.model.TaskListener}. */
public interface TaskListener {
    PrintStream getLogger();

    default PrintWriter error(String msg) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
