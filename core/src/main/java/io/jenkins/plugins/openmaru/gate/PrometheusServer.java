package io.jenkins.plugins.openmaru.gate;

import java.net.URI;
import java.util.Objects;

/**
 * Where Prometheus answers queries, and the bearer token it wants (null: none). The token is only
 * ever sent to this URL and never appears in {@link #toString()}, logs or evidence.
 */
public record PrometheusServer(URI url, String bearerToken) {
    public PrometheusServer {
        Objects.requireNonNull(url, "url");
    }

    public PrometheusServer(URI url) {
        this(url, null);
    }

    @Override
    public String toString() {
        return "PrometheusServer[url=" + url + (bearerToken == null ? "" : ", bearerToken=****") + "]";
    }
}
