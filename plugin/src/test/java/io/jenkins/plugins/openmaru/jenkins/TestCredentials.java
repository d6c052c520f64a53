package io.jenkins.plugins.openmaru.jenkins;

import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Credentials as the credentials plugin hands them out: Secret text and Secret file. */
final class TestCredentials {
    private TestCredentials() {}

    private abstract static class Credential implements StandardCredentials {
        @Override
        public String getDescription() {
            return "test";
        }

        @Override
        public String getId() {
            return "test";
        }

        @Override
        public CredentialsScope getScope() {
            return CredentialsScope.GLOBAL;
        }

        @Override
        public CredentialsDescriptor getDescriptor() {
            throw new UnsupportedOperationException();
        }
    }

    /** Secret text: a bearer token. */
    static final class Token extends Credential implements StringCredentials {
        private final String value;

        Token(String value) {
            this.value = value;
        }

        @Override
        public Secret getSecret() {
            return Secret.fromString(value);
        }
    }

    /** Secret file: a kubeconfig. */
    static final class Kubeconfig extends Credential implements FileCredentials {
        private final String content;

        Kubeconfig(String content) {
            this.content = content;
        }

        @Override
        public String getFileName() {
            return "kubeconfig";
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
