package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The HTTP clients under one API client: OkHttp with Nagle's algorithm off ({@link TcpNoDelaySocketFactory}) and
 * {@code Retry-After} honoured. An API server reached over plain {@code http://} with no TLS material in its config
 * (the sandbox, {@code oc proxy}) gets a cleartext-only client: fabric8 would look up the JVM's TLS providers, load its
 * trust store and build a TLS context for every client, which no request to such a server uses, and which was a fifth
 * of a CLI command's start (docs/performance.md). Being cleartext-only, that client cannot open a TLS connection at all, so a redirect to
 * {@code https://} fails instead of reaching a server nobody verified.
 */
final class ApiHttpClients implements HttpClient.Factory {
    private final Config config;
    private final boolean cleartext;
    private final OkHttpClientFactory okhttp = new OkHttpClientFactory() {
        @Override
        protected void additionalConfig(OkHttpClient.Builder builder) {
            builder.socketFactory(new TcpNoDelaySocketFactory());
            if (config.getRequestRetryBackoffLimit() != 0) {
                builder.addInterceptor(new RetryAfterInterceptor());
            }
            if (cleartext) {
                // What fabric8's factory sets on a client built from a config, which this path bypasses.
                builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).readTimeout(Duration.ZERO).writeTimeout(Duration.ZERO);
                if (config.getWebsocketPingInterval() > 0) {
                    builder.pingInterval(config.getWebsocketPingInterval(), TimeUnit.MILLISECONDS);
                }
            }
        }
    };

    ApiHttpClients(Config config) {
        this.config = config;
        this.cleartext = cleartextOnly(config);
    }

    /** A plain-http API server reached directly, whose config asks for no certificate, key, trust store or token provider. */
    static boolean cleartextOnly(Config c) {
        return c.getMasterUrl() != null && c.getMasterUrl().toLowerCase(Locale.ROOT).startsWith("http://") && c.getHttpProxy() == null
                && c.getCaCertData() == null && c.getCaCertFile() == null && c.getClientCertData() == null && c.getClientCertFile() == null
                && c.getTrustStoreFile() == null && c.getKeyStoreFile() == null && c.getAuthProvider() == null;
    }

    @Override
    public HttpClient.Builder newBuilder() {
        return okhttp.newBuilder();
    }

    @Override
    public HttpClient.Builder newBuilder(Config c) {
        if (c != config || !cleartext) {
            return okhttp.newBuilder(c);
        }
        // fabric8's common configuration (HttpClientUtils.applyCommonConfiguration) less what only a TLS connection or a
        // proxy uses, which cleartextOnly rules out; ApiHttpClientsTest compares the result with fabric8's own.
        HttpClient.Builder builder = okhttp.newBuilder();
        builder.followAllRedirects();
        builder.tag(c.getRequestConfig());
        if (c.getConnectionTimeout() > 0) {
            builder.connectTimeout(c.getConnectionTimeout(), TimeUnit.MILLISECONDS);
        }
        if (c.isHttp2Disable()) {
            builder.preferHttp11();
        }
        HttpClientUtils.createApplicableInterceptors(c, this).forEach(builder::addOrReplaceInterceptor);
        return builder;
    }
}
