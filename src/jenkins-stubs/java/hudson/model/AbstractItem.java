package hudson.model;

import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.IOException;
import java.util.Collection;

/** Stub of jenkins-core {@code AbstractItem}: keeps the parent and name it was created with. */
public abstract class AbstractItem extends Actionable implements Item, AccessControlled {
    private final ItemGroup<? extends Item> parent;
    private final String name;

    protected AbstractItem(ItemGroup<? extends Item> parent, String name) {
        this.parent = parent;
        this.name = name;
    }

    @Override
    public ItemGroup<? extends Item> getParent() {
        return parent;
    }

    @Override
    public String getName() {
        return name;
    }

    /** As the real one: the parent's full name, then this item's name. */
    @Override
    public final String getFullName() {
        String parentName = getParent().getFullName();
        return parentName.isEmpty() ? getName() : parentName + '/' + getName();
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public final String getUrl() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public String getShortUrl() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public abstract Collection<? extends Job> getAllJobs();

    @Override
    public void onLoad(ItemGroup<? extends Item> parent, String name) throws IOException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public void onCopiedFrom(Item src) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public void delete() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    @Override
    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
