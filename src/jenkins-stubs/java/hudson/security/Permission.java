package hudson.security;

/** Stub of jenkins-core {@code Permission}: a named permission; the constants are distinct objects. */
public final class Permission {
    public final PermissionGroup group;
    public final String name;
    public final Permission impliedBy;

    @Deprecated
    public Permission(PermissionGroup group, String name, Permission impliedBy) {
        this.group = group;
        this.name = name;
        this.impliedBy = impliedBy;
    }

    public String getId() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
