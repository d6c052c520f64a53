package io.jenkins.plugins.openmaru.engine;

/** A lease kept renewed by {@link RolloutEngine#holdLease} until closed. */
@FunctionalInterface
public interface LeaseHold extends AutoCloseable {
    /** Stops the renewals; the lease itself stays until released or expired. */
    @Override
    void close();
}
