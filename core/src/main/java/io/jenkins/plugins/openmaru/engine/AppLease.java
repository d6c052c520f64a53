package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.URLUtils;
import io.jenkins.plugins.openmaru.model.AppRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordination.k8s.io/v1 Lease {@code <app>-delivery}: whoever holds it drives the app's rollout.
 * A holder renews it while driving; a lease not renewed for its duration has expired and may be
 * taken over (a Jenkins that died, a CLI that was killed). The Lease as last written by this instance is
 * kept, so that a renewal is one PUT with its resourceVersion, and a reconcile shortly after a renewal
 * sends no request for the lease at all.
 */
public final class AppLease {

    /** Who holds an app's lease. */
    public record Holder(String identity, Instant acquiredAt, Instant renewedAt, Duration duration) {
        public boolean expiredAt(Instant now) {
            return renewedAt.plus(duration).isBefore(now);
        }
    }

    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration duration;
    /** The Lease of each app as this instance last wrote it, while it holds that lease. */
    private final Map<AppRef, Lease> held = new ConcurrentHashMap<>();

    public AppLease(KubernetesClient client, Clock clock, Duration duration) {
        this.client = client;
        this.clock = clock;
        this.duration = duration;
    }

    public static String name(AppRef app) {
        return app.app() + "-delivery";
    }

    public Optional<Holder> holder(AppRef app) {
        Lease l = get(app);
        return l == null || isFree(l) ? Optional.empty() : Optional.of(holderOf(l));
    }

    /**
     * Takes the lease for {@code identity}, or renews it when {@code identity} holds it and a third of
     * its duration has passed (so a driver that reconciles often writes rarely).
     *
     * A conflict (someone wrote the Lease since it was read, or this identity's own write whose answer was
     * lost) means read again: if this identity holds it then, it goes on.
     *
     * @throws LeaseHeldException when another identity holds an unexpired lease
     */
    public void acquire(AppRef app, String identity) {
        if (!untilNoConflict(() -> tryAcquire(app, identity))) {
            throw lost(app);
        }
    }

    /**
     * Runs {@code attempt} until it ends without a conflict, at most {@link #CONFLICT_RETRIES} times: a 409 means someone
     * wrote the Lease since it was read, or it is this identity's own write whose answer was lost, so read again and decide anew.
     *
     * @return false when every attempt conflicted
     */
    private static boolean untilNoConflict(Runnable attempt) {
        for (int i = 0; i < CONFLICT_RETRIES; i++) {
            try {
                attempt.run();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        return false;
    }

    /**
     * Renews the lease {@code identity} holds, as read now: a renewal keeps a lease, it never takes one. A lease nobody
     * holds is left free (its driver released it while this renewal was on its way), and a conflict means read again, so
     * that a release landing between this read and its write still wins. Only {@link #acquire} takes a lease.
     *
     * @throws LeaseHeldException when another identity holds the lease now
     */
    public void renewUnlessReleased(AppRef app, String identity) {
        if (!untilNoConflict(() -> renewAsRead(app, identity))) {
            throw lost(app);
        }
    }

    private void renewAsRead(AppRef app, String identity) {
        Lease current = get(app);
        if (current == null || isFree(current)) {
            held.remove(app);
            return;
        }
        if (!identity.equals(current.getSpec().getHolderIdentity())) {
            held.remove(app);
            Holder h = holderOf(current);
            throw new LeaseHeldException(app.toString(), h.identity(), h.acquiredAt(), h.renewedAt());
        }
        remember(app, client.leases().inNamespace(app.namespace()).resource(renewed(current)).update());
    }

    /**
     * The PUT of a renewal of the Lease last written, on the client's asynchronous HTTP: the caller's thread does not wait for the answer, so
     * how many renewals wait at once is not bounded by the callers' threads.
     *
     * @return true when renewed; false when there was nothing to put, or the PUT conflicted: then
     *     {@link #renewUnlessReleased} reads the Lease and decides
     */
    public CompletableFuture<Boolean> renewWithoutWaiting(AppRef app, String identity) {
        Lease mine = held.get(app);
        if (mine == null || !identity.equals(mine.getSpec().getHolderIdentity())) {
            return CompletableFuture.completedFuture(false);
        }
        KubernetesSerialization json = client.getKubernetesSerialization();
        HttpClient http = client.getHttpClient();
        HttpRequest put = http.newHttpRequestBuilder()
                .uri(URLUtils.join(client.getMasterUrl().toString(), "apis/coordination.k8s.io/v1/namespaces", app.namespace(), "leases", name(app)))
                .put("application/json", json.asJson(renewed(mine))).build();
        return http.sendAsync(put, String.class).thenApply(answer -> {
            if (answer.isSuccessful()) {
                remember(app, json.unmarshal(answer.body(), Lease.class));
                return true;
            }
            if (answer.code() != 409 && answer.code() != 404) {
                throw new KubernetesClientException("renewing the lease of " + app + ": the API server answered " + answer.code(), answer.code(), null);
            }
            held.remove(app, mine);
            return false;
        });
    }

    private Lease renewed(Lease mine) {
        return new LeaseBuilder(mine).editSpec().withRenewTime(time(clock.instant())).endSpec().build();
    }

    private void tryAcquire(AppRef app, String identity) {
        Instant now = clock.instant();
        Lease mine = held.get(app);
        // Nobody may take a lease before it expires: one this instance renewed within a third of its duration is still ours.
        if (mine != null && identity.equals(mine.getSpec().getHolderIdentity())
                && mine.getSpec().getRenewTime().toInstant().plus(duration.dividedBy(3)).isAfter(now)) {
            return;
        }
        Lease l = get(app);
        if (l == null) {
            create(app, identity, now);
            return;
        }
        if (!isFree(l)) {
            Holder h = holderOf(l);
            if (!h.identity().equals(identity) && !h.expiredAt(now)) {
                throw new LeaseHeldException(app.toString(), h.identity(), h.acquiredAt(), h.renewedAt());
            }
            if (h.identity().equals(identity) && h.renewedAt().plus(duration.dividedBy(3)).isAfter(now)) {
                remember(app, l);
                return;
            }
        }
        boolean takeover = isFree(l) || !identity.equals(l.getSpec().getHolderIdentity());
        l.getSpec().setHolderIdentity(identity);
        l.getSpec().setRenewTime(time(now));
        l.getSpec().setLeaseDurationSeconds((int) Math.max(1, duration.toSeconds()));
        if (takeover) {
            l.getSpec().setAcquireTime(time(now));
            l.getSpec().setLeaseTransitions(l.getSpec().getLeaseTransitions() == null ? 1 : l.getSpec().getLeaseTransitions() + 1);
        }
        remember(app, client.leases().inNamespace(app.namespace()).resource(l).update());
    }

    /**
     * Gives the lease up if {@code identity} holds it; otherwise does nothing. A conflict means read again, as in
     * {@link #acquire}: if {@code identity} still holds it, giving up then would leave it naming a driver that is gone.
     */
    public void release(AppRef app, String identity) {
        held.remove(app);
        untilNoConflict(() -> {
            Lease l = get(app);
            if (l != null && identity.equals(l.getSpec().getHolderIdentity())) {
                l.getSpec().setHolderIdentity(null);
                client.leases().inNamespace(app.namespace()).resource(l).update();
            }
        });
    }

    private Lease get(AppRef app) {
        return client.leases().inNamespace(app.namespace()).withName(name(app)).get();
    }

    private void create(AppRef app, String identity, Instant now) {
        Lease l = new LeaseBuilder()
                .withNewMetadata().withName(name(app)).withNamespace(app.namespace()).endMetadata()
                .withNewSpec().withHolderIdentity(identity).withAcquireTime(time(now)).withRenewTime(time(now))
                .withLeaseDurationSeconds((int) Math.max(1, duration.toSeconds())).withLeaseTransitions(0).endSpec()
                .build();
        remember(app, client.leases().inNamespace(app.namespace()).resource(l).create());
    }

    private void remember(AppRef app, Lease written) {
        held.put(app, written);
    }

    /** We raced another actor for the lease and lost: report who won. */
    private LeaseHeldException lost(AppRef app) {
        Lease l = get(app);
        Holder h = l == null || isFree(l) ? new Holder("(unknown)", clock.instant(), clock.instant(), duration) : holderOf(l);
        return new LeaseHeldException(app.toString(), h.identity(), h.acquiredAt(), h.renewedAt());
    }

    private static boolean isFree(Lease l) {
        return l.getSpec() == null || isFree(l.getSpec().getHolderIdentity());
    }

    /** A Lease whose holder is {@code holderIdentity} is free: nobody, or the empty name a release leaves. */
    static boolean isFree(String holderIdentity) {
        return holderIdentity == null || holderIdentity.isEmpty();
    }

    private Holder holderOf(Lease l) {
        Instant acquired = l.getSpec().getAcquireTime() == null ? Instant.EPOCH : l.getSpec().getAcquireTime().toInstant();
        Instant renewed = l.getSpec().getRenewTime() == null ? acquired : l.getSpec().getRenewTime().toInstant();
        Duration d = l.getSpec().getLeaseDurationSeconds() == null ? duration : Duration.ofSeconds(l.getSpec().getLeaseDurationSeconds());
        return new Holder(l.getSpec().getHolderIdentity(), acquired, renewed, d);
    }

    private static ZonedDateTime time(Instant i) {
        return i.atZone(ZoneOffset.UTC);
    }
}
