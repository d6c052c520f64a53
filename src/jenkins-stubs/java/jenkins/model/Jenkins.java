package jenkins.model;

import hudson.ExtensionList;
import hudson.model.AbstractModelObject;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.util.Set;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Stub of jenkins-core {@code Jenkins}. There is never a running instance: {@link #get()} throws and
 * {@link #getInstanceOrNull()} returns null, as the real ones do before startup. The current
 * authentication comes from spring-security's context, as in the real one.
 */
public class Jenkins extends AbstractModelObject implements AccessControlled {
    public static final Permission ADMINISTER = new Permission(null, "Administer", null);
    public static final Permission MANAGE = new Permission(null, "Manage", null);
    public static final Permission READ = new Permission(null, "Read", null);
    public static final Authentication ANONYMOUS2 =
            new AnonymousAuthenticationToken("anonymous", "anonymous", Set.of(new SimpleGrantedAuthority("anonymous")));

    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins.instance is missing. Read the documentation of Jenkins.getInstanceOrNull to see what you are doing wrong.");
    }

    public static Jenkins getInstanceOrNull() {
        return null;
    }

    public static Authentication getAuthentication2() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null ? ANONYMOUS2 : a;
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public Descriptor getDescriptorOrDie(Class<? extends hudson.model.Describable> type) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public <T extends Item> T getItemByFullName(String fullName, Class<T> type) throws AccessDeniedException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public String getRootUrl() throws IllegalStateException {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
