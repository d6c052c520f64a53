package io.jenkins.plugins.openmaru.engine;

import java.time.Instant;

/** Another actor drives the app: names the holder and when it took the lease. */
public final class LeaseHeldException extends EngineException {
    private static final long serialVersionUID = 1L;

    private final String holder;
    private final Instant acquiredAt;
    private final Instant renewedAt;

    public LeaseHeldException(String app, String holder, Instant acquiredAt, Instant renewedAt) {
        super("app " + app + " is being driven by " + holder + " since " + acquiredAt
                + " (lease renewed " + renewedAt + "); wait for it to finish, or for the lease to expire if that driver died");
        this.holder = holder;
        this.acquiredAt = acquiredAt;
        this.renewedAt = renewedAt;
    }

    public String holder() {
        return holder;
    }

    public Instant acquiredAt() {
        return acquiredAt;
    }

    /** When the holder last renewed the lease: it expires a lease duration later unless renewed again. */
    public Instant renewedAt() {
        return renewedAt;
    }
}
