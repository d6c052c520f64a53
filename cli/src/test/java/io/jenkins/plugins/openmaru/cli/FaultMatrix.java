package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.sandbox.faults.FaultRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The design of the fault matrix of docs/reliability.md: the scenarios (one per strategy), the classes of
 * API call, the faults each class can meet, and which cases of their cross product run. The covering design
 * runs every phase (every request) of the Route and state writes of each scenario, then adds cases until
 * every (scenario, class), (class, fault) and (scenario, fault) pair that can occur is met at least once;
 * {@code full} runs every (scenario, class, fault) triple instead.
 */
final class FaultMatrix {
    private FaultMatrix() {}

    static final String V1 = "quay.io/acme/shop:v1";
    static final String V2 = "quay.io/acme/shop:v2";
    static final String V3 = "quay.io/acme/shop:v3";
    private static final String[] GATE = {"--gate", "http:/health", "--analysis-interval", "1s", "--analysis-count", "1"};

    /**
     * One strategy's run: the commands that set the app up (through the clean client), the command under faults, and
     * where it ends when nothing fails.
     */
    record Scenario(String name, List<List<String>> setup, List<String> command, String before, int exit, String serving, String outcome) {}

    static List<Scenario> scenarios() {
        List<String> v1 = List.of("canary", "shop", "--image", V1, "--steps", "100");
        List<String> v2 = List.of("canary", "shop", "--image", V2, "--steps", "100");
        List<String> v3 = List.of("canary", "shop", "--image", V3, "--steps", "100");
        return List.of(
                new Scenario("canary", List.of(v1), with(List.of("canary", "shop", "--image", V2, "--steps", "20,pause:1s,50,100")), V1, 0, V2, "PROMOTED"),
                new Scenario("canary abort", List.of(v1), with(List.of("canary", "shop", "--image", V2, "--steps", "20,100",
                        "--env", "SANDBOX_ERROR_RATE=1")), V1, ExitCodes.ROLLOUT_FAILED, V1, "ABORTED"),
                new Scenario("blue/green", List.of(v1), with(List.of("bluegreen", "shop", "--image", V2, "--auto-promote")), V1, 0, V2, "PROMOTED"),
                new Scenario("rolling", List.of(List.of("rolling", "shop", "--image", V1)), with(List.of("rolling", "shop", "--image", V2)),
                        V1, 0, V2, "PROMOTED"),
                new Scenario("rollback warm", List.of(v1, v2), List.of("rollback", "shop"), V2, 0, V1, "ROLLED_BACK"),
                // v1's slot now runs v3: its pods are gone, so v1 is deployed again before the Route moves.
                new Scenario("rollback cold", List.of(v1, v2, v3), List.of("rollback", "shop", "--to-revision", "1"), V3, 0, V1, "ROLLED_BACK"),
                new Scenario("drill", List.of(v1, v2), List.of("drill", "shop"), V2, 0, V2, "DRILL"));
    }

    private static List<String> with(List<String> command) {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(GATE));
        return all;
    }

    /** A kind of API call, recognised in {@code METHOD path?query} as the fault proxy sees it. */
    enum CallClass {
        ROUTE_WRITE("Route write", write(".*/routes(/[^/?]+)?")),
        STATE_WRITE("state write", write(".*/configmaps(/[^/?]+-delivery)?")),
        LEASE_TAKE("Lease take", write(".*/leases(/[^/?]+)?")),
        LEASE_RENEW("Lease renew/re-take", LEASE_TAKE.is),
        LEASE_RELEASE("Lease release", LEASE_TAKE.is),
        DEPLOYMENT_WRITE("Deployment create/patch", write(".*/deployments(/[^/?]+)?")),
        SERVICE_CREATE("Service create", r -> r.matches("POST .*/services(\\?.*)?")),
        WATCH("watch", r -> r.startsWith("GET ") && r.matches(".*[?&]watch=true.*")),
        GATE_REQUEST("gate request", r -> r.matches("GET .*/services/[^/]+/proxy/.*"));

        final String label;
        final Predicate<String> is;

        CallClass(String label, Predicate<String> is) {
            this.label = label;
            this.is = is;
        }

        private static Predicate<String> write(String path) {
            Pattern p = Pattern.compile("(POST|PUT|PATCH|DELETE) " + path + "(\\?.*)?");
            return r -> p.matcher(r).matches();
        }

        List<Fault> faults() {
            return switch (this) {
                case WATCH -> WATCH_FAULTS;
                case GATE_REQUEST -> GATE_FAULTS;
                default -> WRITE_FAULTS;
            };
        }

        /** Whether a route or state write: the classes whose every phase runs. */
        boolean everyPhase() {
            return this == ROUTE_WRITE || this == STATE_WRITE;
        }
    }

    /** A fault and its name in the table. */
    record Fault(String label, FaultRule.Fault fault) {}

    private static final Fault CONFLICT = new Fault("409", FaultRule.answer(409));
    private static final Fault THROTTLED = new Fault("429 Retry-After 1s", FaultRule.answer(429, Duration.ofSeconds(1)));
    private static final Fault ERROR_500 = new Fault("500", FaultRule.answer(500));
    private static final Fault ERROR_503 = new Fault("503", FaultRule.answer(503));
    private static final Fault RESET_BEFORE = new Fault("reset before", new FaultRule.ResetBefore());
    private static final Fault RESET_AFTER = new Fault("reset after", new FaultRule.ResetAfter());
    private static final Fault LATENCY = new Fault("latency 2s", new FaultRule.Delay(Duration.ofSeconds(2)));
    private static final Fault BLACK_HOLE = new Fault("black-hole 3s", new FaultRule.Outage(Duration.ofSeconds(3)));

    static final List<Fault> WRITE_FAULTS = List.of(CONFLICT, THROTTLED, ERROR_500, ERROR_503, RESET_BEFORE, RESET_AFTER, LATENCY, BLACK_HOLE);
    static final List<Fault> WATCH_FAULTS = List.of(new Fault("410 Gone", new FaultRule.Gone()),
            new Fault("cut after 1s", new FaultRule.CutWatch(Duration.ofSeconds(1))), RESET_BEFORE, ERROR_503, LATENCY, BLACK_HOLE);
    static final List<Fault> GATE_FAULTS = List.of(THROTTLED, ERROR_500, ERROR_503, RESET_BEFORE, LATENCY, BLACK_HOLE);

    /** Where the requests of each call class are in a scenario's fault-free run, in order: the phases a fault can hit. */
    static Map<CallClass, List<Integer>> phases(List<String> requests) {
        Map<CallClass, List<Integer>> by = new LinkedHashMap<>();
        for (CallClass c : CallClass.values()) {
            List<Integer> of = IntStream.range(0, requests.size()).filter(i -> c.is.test(requests.get(i))).boxed().toList();
            by.put(c, switch (c) {
                case LEASE_TAKE -> of.isEmpty() ? of : of.subList(0, 1);
                case LEASE_RENEW -> of.size() < 3 ? List.of() : of.subList(1, of.size() - 1);
                case LEASE_RELEASE -> of.size() < 2 ? List.of() : of.subList(of.size() - 1, of.size());
                default -> of;
            });
        }
        by.values().removeIf(List::isEmpty);
        return by;
    }

    /**
     * One case: {@code fault} on the {@code phase}-th request (from 1) of {@code callClass} in {@code scenario}'s
     * command, the request at {@code index} of its fault-free run {@code calibration}.
     */
    record Case(Scenario scenario, CallClass callClass, int phase, int phases, int index, Fault fault, List<String> calibration) {

        static Case of(Scenario s, CallClass c, int phase, Fault f, List<String> calibration) {
            List<Integer> of = FaultMatrix.phases(calibration).get(c);
            return new Case(s, c, phase, of.size(), of.get(phase - 1), f, calibration);
        }

        String request() {
            return calibration.get(index);
        }

        /**
         * The rule that hits exactly this request: its method and path (in any namespace), at its occurrence among those.
         * A watch is the k-th watch of any resource: which resource is watched first depends on timing.
         */
        FaultRule rule() {
            String request = request();
            String method = request.substring(0, request.indexOf(' '));
            if (callClass == CallClass.WATCH) {
                return FaultRule.on(method, ".*[?&]watch=true.*", fault.fault()).occurrences(phase, 1);
            }
            String regex = Arrays.stream(pathOf(request).split(Pattern.quote(ANY_NAMESPACE), -1)).map(Pattern::quote)
                    .collect(Collectors.joining("/namespaces/[^/]+/")) + "(\\?.*)?";
            Pattern p = Pattern.compile(method + " " + regex);
            int occurrence = (int) calibration.subList(0, index + 1).stream().filter(r -> p.matcher(r).matches()).count();
            return FaultRule.on(method, regex, fault.fault()).occurrences(occurrence, 1);
        }

        String label() {
            return scenario.name() + " | " + callClass.label + " " + phase + "/" + phases + " | " + fault.label();
        }
    }

    /** What stands for the namespace in the requests of a calibration, so that a case can run in its own. */
    static final String ANY_NAMESPACE = "/namespaces/*/";

    /** A fault-free run's requests, {@code METHOD path?query}, with the namespace taken out. */
    static List<String> calibration(List<String> requests) {
        return requests.stream().map(r -> r.replaceFirst("/namespaces/[^/]+/", Matcher.quoteReplacement(ANY_NAMESPACE))).toList();
    }

    static String pathOf(String request) {
        String p = request.substring(request.indexOf(' ') + 1);
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }

    /**
     * The cases to run. {@code calibrations} holds each scenario's fault-free requests. Every phase of the Route and
     * state writes comes first, each with the fault that meets the most pairs not met yet; then, greedily, the case
     * that meets the most uncovered (scenario, class), (class, fault) and (scenario, fault) pairs, until none is left.
     */
    static List<Case> cases(Map<Scenario, List<String>> calibrations, boolean full) {
        List<Case> all = new ArrayList<>();
        Set<String> uncovered = new HashSet<>();
        Map<String, Integer> nextPhase = new LinkedHashMap<>();
        calibrations.forEach((s, requests) -> phases(requests).forEach((c, of) -> {
            uncovered.add(s.name() + "|" + c);
            for (Fault f : c.faults()) {
                uncovered.add(c + "|" + f.label());
                uncovered.add(s.name() + "|" + f.label());
            }
        }));
        List<Case> chosen = new ArrayList<>();
        calibrations.forEach((s, requests) -> phases(requests).forEach((c, of) -> {
            for (Fault f : c.faults()) {
                all.add(Case.of(s, c, c.faults().indexOf(f) % of.size() + 1, f, requests));
            }
            if (!full && c.everyPhase()) {
                for (int k = 1; k <= of.size(); k++) {
                    Fault best = c.faults().stream().max(Comparator.comparingInt(f -> gain(s, c, f, uncovered))).orElseThrow();
                    chosen.add(cover(Case.of(s, c, k, best, requests), uncovered));
                }
            }
        }));
        if (full) {
            return all;
        }
        while (!uncovered.isEmpty()) {
            Case best = all.stream().max(Comparator.comparingInt(x -> gain(x.scenario(), x.callClass(), x.fault(), uncovered)))
                    .orElseThrow();
            int k = nextPhase.merge(best.scenario().name() + "|" + best.callClass(), 1, Integer::sum);
            chosen.add(cover(Case.of(best.scenario(), best.callClass(), (k - 1) % best.phases() + 1, best.fault(), best.calibration()),
                    uncovered));
        }
        return chosen;
    }

    private static int gain(Scenario s, CallClass c, Fault f, Set<String> uncovered) {
        int g = 0;
        for (String pair : List.of(s.name() + "|" + c, c + "|" + f.label(), s.name() + "|" + f.label())) {
            g += uncovered.contains(pair) ? 1 : 0;
        }
        return g;
    }

    private static Case cover(Case x, Set<String> uncovered) {
        uncovered.remove(x.scenario().name() + "|" + x.callClass());
        uncovered.remove(x.callClass() + "|" + x.fault().label());
        uncovered.remove(x.scenario().name() + "|" + x.fault().label());
        return x;
    }
}
