package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import java.io.IOException;
import java.io.InputStream;

/** Stub of plain-credentials {@code FileCredentials}: "Secret file", e.g. a kubeconfig. */
public interface FileCredentials extends StandardCredentials {
    String getFileName();

    InputStream getContent() throws IOException;
}
