package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Action;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.security.Permission;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.springframework.security.core.Authentication;

/**
 * A build of a job for step and page tests: it keeps its actions as Jenkins does, and its permissions
 * come from a rule the test sets (who may do what), checked for the user in spring-security's context.
 */
final class FakeBuild extends Run<FakeBuild.FakeJob, FakeBuild> {
    /** Who may do what. */
    interface Rule {
        boolean allows(Authentication user, Permission p);
    }

    /** The default: any user may read, build and cancel. */
    static final Rule ANYONE = (user, p) -> Set.of(Item.READ, Item.BUILD, Item.CANCEL).contains(p);

    private final int number;
    private final List<Action> actions = new ArrayList<>();
    private volatile Rule rule = ANYONE;

    FakeBuild(String jobName, int number) throws IOException {
        this(new FakeJob(jobName), number);
    }

    /** The next build of {@code job}: builds are numbered in the order they are made. */
    FakeBuild(FakeJob job, int number) throws IOException {
        super(job);
        this.number = number;
        job.builds.add(this);
    }

    FakeBuild permissions(Rule r) {
        this.rule = r;
        return this;
    }

    @Override
    public ACL getACL() {
        return acl(rule);
    }

    private static ACL acl(Rule r) {
        return ACL.lambda2(r::allows);
    }

    @Override
    public int getNumber() {
        return number;
    }

    @Override
    public String getExternalizableId() {
        return getParent().getFullName() + "#" + number;
    }

    @Override
    public FakeBuild getPreviousBuild() {
        getParent().buildReads.incrementAndGet();
        List<FakeBuild> builds = getParent().builds;
        int i = builds.indexOf(this);
        return i > 0 ? builds.get(i - 1) : null;
    }

    @Override
    public synchronized void addAction(Action a) {
        actions.add(a);
        if (a instanceof jenkins.model.RunAction2 r) {
            r.onAttached(this);
        }
    }

    @Override
    public synchronized <T extends Action> T getAction(Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }

    /** A top-level Pipeline job with its builds, oldest first, and its own permission rule (default as a build's). */
    static final class FakeJob extends WorkflowJob<FakeJob, FakeBuild> {
        private final List<FakeBuild> builds = new CopyOnWriteArrayList<>();
        /** How many build records were asked for (getLastBuild, getPreviousBuild): in Jenkins each may load one from disk. */
        final AtomicInteger buildReads = new AtomicInteger();
        /** Who may do what on the job: a test sets it. */
        volatile Rule rule = ANYONE;

        FakeJob(String name) {
            super(ROOT, name);
        }

        @Override
        public int getNextBuildNumber() {
            return builds.isEmpty() ? 1 : builds.get(builds.size() - 1).getNumber() + 1;
        }

        @Override
        public ACL getACL() {
            return acl(rule);
        }

        @Override
        public FakeBuild getLastBuild() {
            buildReads.incrementAndGet();
            return builds.isEmpty() ? null : builds.get(builds.size() - 1);
        }

        @Override
        protected SortedMap<Integer, ? extends FakeBuild> _getRuns() {
            return new TreeMap<>();
        }

        @Override
        public boolean isBuildable() {
            return true;
        }

        @Override
        protected void removeRun(FakeBuild run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Collection<? extends Job> getAllJobs() {
            return List.of(this);
        }
    }

    /** A job of another type than Pipeline (freestyle, say): its builds never ran a step of ours, and are never read. */
    static final class FreestyleJob extends Job<FreestyleJob, FreestyleJob.Build> {
        final AtomicInteger buildReads = new AtomicInteger();

        FreestyleJob(String name) {
            super(ROOT, name);
        }

        @Override
        public Build getLastBuild() {
            buildReads.incrementAndGet();
            return null;
        }

        @Override
        public int getNextBuildNumber() {
            return 1;
        }

        @Override
        protected SortedMap<Integer, ? extends Build> _getRuns() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isBuildable() {
            return true;
        }

        @Override
        protected void removeRun(Build run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Collection<? extends Job> getAllJobs() {
            return List.of(this);
        }

        /** Its build type; none is ever made. */
        abstract static class Build extends Run<FreestyleJob, Build> {
            Build(FreestyleJob job) throws IOException {
                super(job);
            }
        }
    }

    private static final ItemGroup<Item> ROOT = new ItemGroup<>() {
        @Override
        public String getFullName() {
            return "";
        }

        @Override
        public Collection<Item> getItems() {
            return List.of();
        }

        @Override
        public String getUrl() {
            return "";
        }

        @Override
        public String getUrlChildPrefix() {
            return "job";
        }

        @Override
        public Item getItem(String name) {
            return null;
        }

        @Override
        public File getRootDirFor(Item child) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void onDeleted(Item item) {
            throw new UnsupportedOperationException();
        }
    };
}
