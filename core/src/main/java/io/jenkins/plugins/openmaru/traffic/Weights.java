package io.jenkins.plugins.openmaru.traffic;

/**
 * How traffic is split now, as read back from the routing object.
 *
 * @param stableService the Service receiving the stable share
 * @param candidateService the Service receiving the candidate share; null when no candidate backend exists
 * @param weight the candidate's share, 0-100 %
 */
public record Weights(String stableService, String candidateService, int weight) {
    public static Weights allStable(String stableService) {
        return new Weights(stableService, null, 0);
    }
}
