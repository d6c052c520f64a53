package io.jenkins.plugins.openmaru.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;

/** Finds a credential by id in the context of a run: the credentials plugin in Jenkins, a fake in tests. */
@FunctionalInterface
public interface CredentialLookup {
    /** The credentials plugin: the run's folder and global stores, with the run's permissions. */
    CredentialLookup JENKINS = (id, run) -> CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);

    /** The credential, or null when there is none with that id visible to the run. */
    StandardCredentials find(String id, Run<?, ?> run);
}
