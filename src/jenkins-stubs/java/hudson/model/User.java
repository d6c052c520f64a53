package hudson.model;

/** Stub of jenkins-core {@code User}. */
public class User extends AbstractModelObject {
    private User() {
    }

    public static User current() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getId() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getFullName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
