package com.cloudbees.plugins.credentials.common;

/** Stub of credentials {@code StandardCredentials}. */
public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
