package io.jenkins.plugins.openmaru.traffic;

/**
 * Splits one app's traffic between a stable and a candidate Service (Flagger-style). One
 * implementation per way of routing; each is bound to one app when created. Every write is
 * read back and verified before the method returns; a mismatch throws {@link TrafficException}.
 */
public interface TrafficRouter {

    /** Creates the routing object if absent, sending 100 % to {@code stableService}; adopts an existing one unchanged. */
    void reconcile(String stableService);

    /**
     * Sends {@code weight} % to {@code candidateService} and the rest to {@code stableService}, in one write.
     * The first write of a rollout also applies the router's canary settings (saving what they replace).
     */
    Weights setWeight(String stableService, String candidateService, int weight);

    /** Reads the current split. */
    Weights getWeights();

    /**
     * Ends a rollout in one write: 100 % to {@code stableService} (the new stable after a promotion, the old
     * one after an abort), no candidate backend, and the settings saved by {@link #setWeight} restored.
     */
    Weights endRollout(String stableService);
}
