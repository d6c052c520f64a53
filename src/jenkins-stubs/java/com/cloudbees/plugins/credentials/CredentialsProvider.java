package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Run;
import java.util.List;

/** Stub of credentials {@code CredentialsProvider}: credentials lookup for a build. */
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    private CredentialsProvider() {
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            DomainRequirement... domainRequirements) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public static <C extends IdCredentials> C findCredentialById(String id, Class<C> type, Run<?, ?> run,
            List<DomainRequirement> domainRequirements) {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }
}
