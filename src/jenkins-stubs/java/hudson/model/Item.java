package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.IOException;
import java.util.Collection;

/** Stub of jenkins-core {@code hudson.model.Item}: its permissions, and every abstract member. */
public interface Item extends AccessControlled {
    Permission READ = new Permission(null, "Read", null);
    Permission CONFIGURE = new Permission(null, "Configure", null);
    Permission BUILD = new Permission(null, "Build", null);
    Permission CANCEL = new Permission(null, "Cancel", null);

    ItemGroup<? extends Item> getParent();

    Collection<? extends Job> getAllJobs();

    String getName();

    String getFullName();

    String getDisplayName();

    String getUrl();

    String getShortUrl();

    void onLoad(ItemGroup<? extends Item> parent, String name) throws IOException;

    void onCopiedFrom(Item src);

    void delete() throws IOException, InterruptedException;

    void save() throws IOException;
}
