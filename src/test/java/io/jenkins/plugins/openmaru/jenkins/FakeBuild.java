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
import org.springframework.security.core.Authentication;

/**
 * A build of a job for step and page tests: it keeps its actions as Jenkins does, and its permissions
 * come from a rule the test sets (who may do what), checked for the user in spring-security's context.
 */
final class FakeBuild extends Run<FakeBuild.FakeJob, FakeBuild> {
    /** Who may do what; default: any user may read, build and cancel. */
    interface Rule {
        boolean allows(Authentication user, Permission p);
    }

    private final int number;
    private final List<Action> actions = new ArrayList<>();
    private volatile Rule rule = (user, p) -> Set.of(Item.READ, Item.BUILD, Item.CANCEL).contains(p);

    FakeBuild(String jobName, int number) throws IOException {
        super(new FakeJob(jobName));
        this.number = number;
    }

    FakeBuild permissions(Rule r) {
        this.rule = r;
        return this;
    }

    @Override
    public ACL getACL() {
        return ACL.lambda2((user, p) -> rule.allows(user, p));
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

    /** A top-level job. */
    static final class FakeJob extends Job<FakeJob, FakeBuild> {
        FakeJob(String name) {
            super(ROOT, name);
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
