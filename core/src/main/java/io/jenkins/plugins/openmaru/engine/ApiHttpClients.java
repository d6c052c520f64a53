package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.TlsVersion;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The HTTP clients under one API client: OkHttp with Nagle's algorithm off ({@link TcpNoDelaySocketFactory}) and
 * {@code Retry-After} honoured. An API server reached over plain {@code http://} with no TLS material in its config
 * (the sandbox, {@code oc proxy}) gets a cleartext-only client: fabric8 would load the JVM's trust store and build a
 * TLS context for every client, which no request to such a server uses, and which is a fifth of a CLI command's start
 * (docs/performance.md). Being cleartext-only, that client cannot open a TLS connection at all, so a redirect to
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

    /** A plain-http API server whose config asks for no certificate, key, trust store or token provider. */
    static boolean cleartextOnly(Config c) {
        return c.getMasterUrl() != null && c.getMasterUrl().toLowerCase(Locale.ROOT).startsWith("http://")
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
        HttpClient.Builder builder = new WithoutTls(okhttp.newBuilder());
        // Trusting certificates is the one setting under which fabric8 computes no trust store; nothing here can use
        // it (the builder drops the TLS context), and the config reads as it was as soon as the builder is made.
        boolean trustCerts = c.isTrustCerts();
        c.setTrustCerts(true);
        try {
            HttpClientUtils.applyCommonConfiguration(c, builder, this);
        } finally {
            c.setTrustCerts(trustCerts);
        }
        return builder;
    }

    /** fabric8's configuration of a builder, without its TLS context and versions. */
    private record WithoutTls(HttpClient.Builder builder) implements HttpClient.Builder {
        @Override
        public HttpClient build() {
            return builder.build();
        }

        @Override
        public HttpClient.Builder connectTimeout(long connectTimeout, TimeUnit unit) {
            builder.connectTimeout(connectTimeout, unit);
            return this;
        }

        @Override
        public HttpClient.Builder addOrReplaceInterceptor(String name, Interceptor interceptor) {
            builder.addOrReplaceInterceptor(name, interceptor);
            return this;
        }

        @Override
        public HttpClient.Builder authenticatorNone() {
            builder.authenticatorNone();
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(KeyManager[] keyManagers, TrustManager[] trustManagers) {
            return this;
        }

        @Override
        public HttpClient.Builder followAllRedirects() {
            builder.followAllRedirects();
            return this;
        }

        @Override
        public HttpClient.Builder proxyAddress(InetSocketAddress proxyAddress) {
            builder.proxyAddress(proxyAddress);
            return this;
        }

        @Override
        public HttpClient.Builder proxyAuthorization(String credentials) {
            builder.proxyAuthorization(credentials);
            return this;
        }

        @Override
        public HttpClient.Builder tlsVersions(TlsVersion... tlsVersions) {
            return this;
        }

        @Override
        public HttpClient.Builder preferHttp11() {
            builder.preferHttp11();
            return this;
        }

        @Override
        public HttpClient.Builder proxyType(HttpClient.ProxyType type) {
            builder.proxyType(type);
            return this;
        }

        @Override
        public HttpClient.DerivedClientBuilder tag(Object value) {
            builder.tag(value);
            return this;
        }
    }
}
