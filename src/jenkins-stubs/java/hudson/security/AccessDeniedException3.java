package hudson.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

/** Stub of jenkins-core {@code AccessDeniedException3}: who lacked which permission. */
public class AccessDeniedException3 extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    public final Authentication authentication;
    public final Permission permission;

    public AccessDeniedException3(Authentication authentication, Permission permission) {
        super(authentication.getName() + " is missing the " + permission.name + " permission");
        this.authentication = authentication;
        this.permission = permission;
    }
}
