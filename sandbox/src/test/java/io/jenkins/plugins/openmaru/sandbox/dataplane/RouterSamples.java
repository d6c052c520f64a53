package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Requests through a router, counted by the version that answered, and the binomial check on a split. */
final class RouterSamples {

    private RouterSamples() { }

    static RouterClient.Reply get(RouterClient router, String host, Optional<String> cookie) {
        try {
            return router.get(host, "/", cookie);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Versions served for n requests, with answers that name no version counted by status, e.g. "503". */
    static Map<String, Long> send(RouterClient router, String host, int n, Optional<String> cookie) {
        return IntStream.range(0, n).mapToObj(i -> get(router, host, cookie))
                .collect(Collectors.groupingBy(r -> r.version().orElse(String.valueOf(r.status())), TreeMap::new, Collectors.counting()));
    }

    /** Whether k of n lies within 4 standard deviations of a binomial with probability p. */
    static boolean withinFourSigma(long k, int n, double p) {
        return Math.abs(k - n * p) <= 4 * Math.sqrt(n * p * (1 - p));
    }
}
