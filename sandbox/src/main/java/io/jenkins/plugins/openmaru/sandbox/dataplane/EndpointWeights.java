package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The HAProxy {@code weight} of each endpoint of a Route's Services, computed as the OpenShift
 * router does: a Service's weight is divided among its endpoints, the largest share is scaled to
 * 256 (HAProxy's maximum) and the others by the same factor, truncated, with a floor of 1 for any
 * share above 0. Single precision, as the router computes it, so truncation lands the same way.
 */
final class EndpointWeights {

    static final int MAX = 256;

    private EndpointWeights() { }

    /**
     * @param serviceWeights the Route's weight per Service (0-256)
     * @param endpoints      ready endpoints per Service
     * @return the weight each endpoint of a Service gets; 0 for a Service with weight 0 (its servers
     *         stay in the backend, where a sticky cookie still reaches them) and for one without endpoints
     */
    static Map<String, Integer> of(Map<String, Integer> serviceWeights, Map<String, Integer> endpoints) {
        Map<String, Float> share = new LinkedHashMap<>();
        float largest = 0f;
        for (Map.Entry<String, Integer> e : serviceWeights.entrySet()) {
            int n = endpoints.getOrDefault(e.getKey(), 0);
            float s = n > 0 ? (float) e.getValue() / n : 0f;
            share.put(e.getKey(), s);
            largest = Math.max(largest, s);
        }
        float scale = largest > 0f ? MAX / largest : 0f;
        Map<String, Integer> weights = new LinkedHashMap<>();
        share.forEach((service, s) -> weights.put(service, s > 0f ? Math.max(1, (int) (s * scale)) : 0));
        return weights;
    }
}
