package hudson.security;

import java.util.function.BiFunction;
import jenkins.model.Jenkins;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Stub of jenkins-core {@code ACL}. The final checks do what the real ones do: ask
 * {@link #hasPermission2} for the current authentication (spring-security's context, through
 * {@link Jenkins#getAuthentication2()}), let {@link #SYSTEM2} through, and throw
 * {@link AccessDeniedException3} when refused. A test supplies the decision with {@link #lambda2}.
 */
public abstract class ACL {
    public static final Authentication SYSTEM2 = new UsernamePasswordAuthenticationToken("SYSTEM", "SYSTEM");

    public boolean hasPermission2(Authentication a, Permission permission) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public final boolean hasPermission(Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        return a.equals(SYSTEM2) || hasPermission2(a, p);
    }

    public final void checkPermission(Permission p) {
        Authentication a = Jenkins.getAuthentication2();
        if (!a.equals(SYSTEM2) && !hasPermission2(a, p)) {
            throw new AccessDeniedException3(a, p);
        }
    }

    public static ACL lambda2(BiFunction<Authentication, Permission, Boolean> impl) {
        return new ACL() {
            @Override
            public boolean hasPermission2(Authentication a, Permission permission) {
                return impl.apply(a, permission);
            }
        };
    }
}
