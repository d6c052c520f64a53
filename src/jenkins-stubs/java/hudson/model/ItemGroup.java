package hudson.model;

import java.io.File;
import java.io.IOException;
import java.util.Collection;
import jenkins.model.FullyNamed;
import org.springframework.security.access.AccessDeniedException;

/** Stub of jenkins-core {@code hudson.model.ItemGroup}. */
public interface ItemGroup<T extends Item> extends FullyNamed {
    Collection<T> getItems();

    String getUrl();

    String getUrlChildPrefix();

    T getItem(String name) throws AccessDeniedException;

    File getRootDirFor(T child);

    void onDeleted(T item) throws IOException;
}
