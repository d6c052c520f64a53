package hudson.model;

import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;

/** Stub of jenkins-core {@code Run}: keeps the job it was created for. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable implements AccessControlled {
    private final JobT project;

    protected Run(JobT job) throws IOException {
        this.project = job;
    }

    public JobT getParent() {
        return project;
    }

    public static Run<?, ?> fromExternalizableId(String id) throws IllegalArgumentException, AccessDeniedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getId() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public Result getResult() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public RunT getPreviousBuild() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
