package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.util.List;
import java.util.Set;

/**
 * One way in for requests: the hosts and path it matches and the weighted Services behind it,
 * read from an OpenShift Route or one rule of a Gateway API HTTPRoute.
 *
 * @param source   e.g. {@code Route shop/web}, for logs and the 503 body
 * @param hosts    lower-case host names; empty matches any host (an HTTPRoute without hostnames)
 * @param path     the path prefix, or the exact path when {@code exact}
 * @param priority lower wins among rules that match equally well (Routes before HTTPRoutes)
 * @param created  creation timestamp; the oldest rule wins a tie, as the OpenShift router admits the oldest claim
 */
record RouteRule(String source, String namespace, Set<String> hosts, String path, boolean exact,
                 int priority, String created, Balance balance, List<Backend> backends) {

    /** How requests are spread over the endpoints. */
    enum Balance { ROUNDROBIN, RANDOM }

    /** A Service and its relative weight (0 receives nothing). */
    record Backend(String namespace, String service, int weight) { }

    /** How well this rule matches a path: -1 not at all; longer prefixes and exact paths score higher. */
    int score(String requestPath) {
        if (exact) {
            return requestPath.equals(path) ? Integer.MAX_VALUE : -1;
        }
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (prefix.isEmpty() || requestPath.equals(prefix) || requestPath.startsWith(prefix + "/")) {
            return prefix.length();
        }
        return -1;
    }
}
