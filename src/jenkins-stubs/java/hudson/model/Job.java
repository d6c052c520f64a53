package hudson.model;

import hudson.security.ACL;
import java.util.SortedMap;

/** Stub of jenkins-core {@code Job}. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    protected Job(ItemGroup<? extends Item> parent, String name) {
        super(parent, name);
    }

    protected abstract SortedMap<Integer, ? extends RunT> _getRuns();

    public abstract boolean isBuildable();

    protected abstract void removeRun(RunT run);

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public int getNextBuildNumber() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
