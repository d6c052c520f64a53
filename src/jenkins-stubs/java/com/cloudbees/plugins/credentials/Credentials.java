package com.cloudbees.plugins.credentials;

import hudson.model.Describable;
import java.io.Serializable;

/** Stub of credentials {@code Credentials}. */
public interface Credentials extends Describable<Credentials>, Serializable {
    CredentialsScope getScope();

    @Override
    CredentialsDescriptor getDescriptor();
}
