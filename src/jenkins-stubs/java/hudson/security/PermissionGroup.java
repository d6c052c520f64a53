package hudson.security;

/** Stub of jenkins-core {@code PermissionGroup}: named by {@code Permission}. */
public final class PermissionGroup {
    private PermissionGroup() {
    }
}
