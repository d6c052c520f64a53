package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

/** Stub of credentials {@code CredentialsDescriptor}. */
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
    protected CredentialsDescriptor() {
    }
}
