package io.jenkins.plugins.openmaru.bench;

import io.jenkins.plugins.openmaru.sandbox.ApiRequest;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sandbox's API server in a process of its own, for benchmarks that measure the plugin's JVM alone. Prints
 * {@code url <url>}, then answers lines on stdin: {@code clear} forgets the requests received so far, {@code count}
 * prints {@code count <verb>=<n> ...} for the requests received since (a watch counts as WATCH).
 */
public final class SandboxApiServer {
    private SandboxApiServer() {}

    public static void main(String[] args) throws Exception {
        try (SimulatedOpenShift cluster = SimulatedOpenShift.start(Duration.ofMillis(20))) {
            System.out.println("url " + cluster.url());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("clear")) {
                    cluster.clearRequests();
                    System.out.println("cleared");
                } else if (line.equals("count")) {
                    Map<String, Integer> byVerb = new TreeMap<>();
                    for (ApiRequest r : cluster.requests()) {
                        byVerb.merge(r.isWatch() ? "WATCH" : r.method(), 1, Integer::sum);
                    }
                    StringBuilder out = new StringBuilder("count");
                    byVerb.forEach((verb, n) -> out.append(' ').append(verb).append('=').append(n));
                    System.out.println(out);
                }
            }
        }
        System.exit(0);
    }
}
