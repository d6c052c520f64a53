package io.jenkins.plugins.openmaru.gate;

import java.net.URI;
import java.util.Objects;

/**
 * Where an external service a gate asks (Prometheus, say) answers, and the secret it wants there (null: none),
 * sent as a bearer token. The secret is only ever sent to this URL and never appears in {@link #toString()},
 * logs or evidence.
 */
public record ServiceCredential(URI url, String secret) {
    public ServiceCredential {
        Objects.requireNonNull(url, "url");
        secret = secret == null || secret.isBlank() ? null : secret;
    }

    public ServiceCredential(URI url) {
        this(url, null);
    }

    @Override
    public String toString() {
        return "ServiceCredential[url=" + url + (secret == null ? "" : ", secret=****") + "]";
    }
}
