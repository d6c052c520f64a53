package hudson.security;

import org.springframework.security.access.AccessDeniedException;

/** Stub of jenkins-core {@code AccessControlled}: permission checks go through {@link #getACL()}, as in the real one. */
public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) throws AccessDeniedException {
        getACL().checkPermission(permission);
    }

    default boolean hasPermission(Permission permission) {
        return getACL().hasPermission(permission);
    }
}
