package io.jenkins.plugins.openmaru.engine;

import java.time.Instant;

/**
 * What a rollout waits for after an engine operation. {@code until} is when to reconcile again at the
 * latest (a pause's end, the next measurement, a deadline, a lease renewal); null means only an event
 * (a Deployment becoming available, a manual action) will move it. {@code due} is the wait's own time,
 * without a lease renewal: a driver that renews the lease on its own needs to reconcile only then.
 */
public record Wait(Kind kind, Instant until, String deployment, String reason, Instant due) {

    public enum Kind {
        /** Nothing to do until {@code until}. */
        TIME,
        /** Deployment {@code deployment} becoming available; {@code until} is the progress deadline. */
        AVAILABLE,
        /** A person: promote, resume or abort. */
        MANUAL,
        /** The rollout is over; {@code until}, if set, is when a warm slot is due to be scaled down. */
        DONE
    }

    public Wait(Kind kind, Instant until, String deployment, String reason) {
        this(kind, until, deployment, reason, until);
    }

    public static Wait until(Instant t, String reason) {
        return new Wait(Kind.TIME, t, null, reason);
    }

    public static Wait available(String deployment, Instant deadline) {
        return new Wait(Kind.AVAILABLE, deadline, deployment, "waiting for Deployment " + deployment + " to become available");
    }

    public static Wait manual(Instant renewBy, String reason) {
        return new Wait(Kind.MANUAL, renewBy, null, reason);
    }

    public static Wait done(Instant housekeepingAt, String reason) {
        return new Wait(Kind.DONE, housekeepingAt, null, reason);
    }

    public boolean done() {
        return kind == Kind.DONE;
    }

    /** The same wait, but reconciled again no later than {@code t} (e.g. to renew the lease). */
    public Wait noLaterThan(Instant t) {
        if (kind == Kind.DONE || t == null || (until != null && until.isBefore(t))) {
            return this;
        }
        return new Wait(kind, t, deployment, reason, due);
    }
}
