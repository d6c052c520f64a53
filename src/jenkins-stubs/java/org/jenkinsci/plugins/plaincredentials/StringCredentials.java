package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** Stub of plain-credentials {@code StringCredentials}: "Secret text", e.g. a cluster token. */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
