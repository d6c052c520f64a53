package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One client per (cluster, credential), shared by the steps, buttons and pages that use it and closed when the last
 * of them lets go. A client holds a connection pool, OkHttp's dispatcher threads and its own serialization caches:
 * hundreds of paused rollouts of one cluster need one, not hundreds. Clients are told apart by a digest of what
 * reaches the API server (URL, credential, TLS settings), so the credential itself is never a key that could be logged.
 */
final class SharedClients {
    private final Function<Config, KubernetesClient> factory;
    private final Map<String, Shared> clients = new HashMap<>();

    SharedClients(Function<Config, KubernetesClient> factory) {
        this.factory = factory;
    }

    /** A use of the client for {@code config} on cluster {@code cluster}; close it when done. */
    synchronized Use use(String cluster, Config config) {
        String key = cluster + "/" + digest(config);
        Shared s = clients.get(key);
        // A client closed under us (Jenkins shutting down, a test's simulated restart) is replaced, not handed out.
        if (s == null || s.client.getHttpClient().isClosed()) {
            s = new Shared(key, factory.apply(config));
            clients.put(key, s);
        }
        s.uses++;
        return new Use(s);
    }

    /** How many clients are open: for tests. */
    synchronized int open() {
        return clients.size();
    }

    private synchronized void release(Shared s) {
        if (--s.uses == 0) {
            clients.remove(s.key, s);
            s.client.close();
        }
    }

    private static String digest(Config c) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Stream.of(c.getMasterUrl(), c.getOauthToken(), c.getUsername(), c.getPassword(), c.getCaCertData(), c.getCaCertFile(),
                    c.getClientCertData(), c.getClientCertFile(), c.getClientKeyData(), c.getClientKeyFile(), String.valueOf(c.isTrustCerts()),
                    String.valueOf(c.isDisableHostnameVerification()), String.valueOf(c.getRequestRetryBackoffLimit()), c.getUserAgent(),
                    c.getImpersonateUsername(), String.valueOf(c.getAuthProvider()), c.getHttpsProxy(), c.getHttpProxy())
                    .forEach(v -> {
                        md.update(String.valueOf(v).getBytes(StandardCharsets.UTF_8));
                        md.update((byte) 0);
                    });
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static final class Shared {
        final String key;
        final KubernetesClient client;
        int uses;

        Shared(String key, KubernetesClient client) {
            this.key = key;
            this.client = client;
        }
    }

    /** One holder's use of a shared client. */
    final class Use {
        private final Shared shared;
        private boolean released;

        private Use(Shared shared) {
            this.shared = shared;
        }

        KubernetesClient client() {
            return shared.client;
        }

        /** Lets go of the client; the last use closes it. Only the first call counts. */
        void release() {
            synchronized (SharedClients.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            SharedClients.this.release(shared);
        }
    }
}
