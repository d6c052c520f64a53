package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One client per (cluster, credential), shared by the steps, buttons and pages that use it and closed once none of
 * them has used it for {@link #IDLE}. A client holds a connection pool, OkHttp's dispatcher threads and its own
 * serialization caches: hundreds of paused rollouts of one cluster need one, not hundreds, and steps that follow one
 * another (a batch of builds, a promote after a canary's step ended) reuse it rather than each building one. Clients
 * are told apart by a digest of what reaches the API server (URL, credential, TLS settings), so the credential itself
 * is never a key that could be logged.
 */
final class SharedClients {
    private static final Logger LOG = Logger.getLogger(SharedClients.class.getName());
    /** How long a client nobody uses stays open: long enough for the next step of a burst, short enough to hold no idle pool for long. */
    static final Duration IDLE = Duration.ofSeconds(30);

    private final Function<Config, KubernetesClient> factory;
    private final Duration idle;
    private final ScheduledExecutorService timer;
    private final Map<String, Shared> clients = new HashMap<>();

    /** @param timer closes the clients that stayed unused for {@code idle} */
    SharedClients(Function<Config, KubernetesClient> factory, Duration idle, ScheduledExecutorService timer) {
        this.factory = factory;
        this.idle = idle;
        this.timer = timer;
    }

    /** A use of the client for {@code config} on cluster {@code cluster}; close it when done. */
    synchronized Use use(String cluster, Config config) {
        String key = cluster + "/" + digest(config);
        Shared s = clients.get(key);
        // A client closed under us (Jenkins shutting down, a test's simulated restart) is replaced, not handed out.
        if (s == null || s.client.getHttpClient().isClosed()) {
            s = new Shared(cluster, key, factory.apply(config));
            clients.put(key, s);
        }
        s.uses++;
        s.idleTurn++;
        return new Use(s);
    }

    /** How many clients are open: for tests. */
    synchronized int open() {
        return clients.size();
    }

    private synchronized void release(Shared s) {
        if (--s.uses == 0) {
            long turn = ++s.idleTurn;
            timer.schedule(() -> closeIfIdle(s, turn), idle.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Closes the client if nobody used it since the release that scheduled this ({@code turn}). */
    private synchronized void closeIfIdle(Shared s, long turn) {
        if (s.uses == 0 && s.idleTurn == turn) {
            clients.remove(s.key, s);
            s.client.close();
            LOG.fine(() -> "Closed the client of cluster " + s.cluster + ", unused for " + idle.toSeconds() + " s");
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
        final String cluster;
        final String key;
        final KubernetesClient client;
        int uses;
        /** Counts uses and releases, so that a close scheduled by a release knows whether the client was used since. */
        long idleTurn;

        Shared(String cluster, String key, KubernetesClient client) {
            this.cluster = cluster;
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

        /** Lets go of the client; after the last use it is closed once unused for {@link #IDLE}. Only the first call counts. */
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
