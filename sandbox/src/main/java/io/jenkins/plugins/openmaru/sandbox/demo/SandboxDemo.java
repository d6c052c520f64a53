package io.jenkins.plugins.openmaru.sandbox.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.Route;
import io.fabric8.openshift.api.model.RouteBuilder;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.RolloutNarrator;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AnalysisPolicy;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.BlueGreenSpec;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.ReleaseOutcome;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.sandbox.Sandbox;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.RouterClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code openmaru sandbox demo}: starts a sandbox in this process and tells the product's story
 * with live output. Each chapter is a real rollout through the engine, with synthetic users
 * sending requests through the router; afterwards the router itself is asked who serves.
 */
public final class SandboxDemo {
    public static final String NAMESPACE = "demo";
    public static final String APP = "shop";
    public static final String HOST = "shop.apps.sandbox";
    public static final String IMAGE = "quay.io/openmaru/shop:";
    static final String IDENTITY = "sandbox-demo";
    /** Requests sampled through the router after each chapter to see who serves. */
    static final int SAMPLE = 20;
    private static final Duration ROLLOUT_DELAY = Duration.ofMillis(400);
    private static final Duration CHAPTER_TIMEOUT = Duration.ofSeconds(40);
    private static final Actor ACTOR = new Actor("demo", "sandbox demo");
    /** One measurement round a second, three passes needed, the first failure aborts. */
    private static final AnalysisPolicy POLICY = AnalysisPolicy.builder().interval(Duration.ofSeconds(1)).consecutiveErrorLimit(2)
            .onInconclusive(AnalysisPolicy.OnInconclusive.ABORT).build();
    private static final List<GateSpec> GATES = List.of(new GateSpec("http", Map.of("path", "/health", "minSuccessRatio", "0.95", "requests", "20")));

    private final PrintWriter out;
    private final DataPlaneConfig dataPlane;
    private final AppRef app = new AppRef(NAMESPACE, APP);
    private Instant origin;

    /** @param dataPlane the router and the synthetic requests per second through it while the story runs */
    public SandboxDemo(PrintWriter out, DataPlaneConfig dataPlane) {
        this.out = out;
        this.dataPlane = dataPlane;
    }

    public DemoReport run() {
        origin = Instant.now();
        say("Starting a sandbox: simulated OpenShift API server, simulated pods and a router, %d synthetic requests/s to %s",
                dataPlane.trafficRps(), HOST);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "openmaru-demo-driver");
            t.setDaemon(true);
            return t;
        });
        try (Sandbox sandbox = Sandbox.start(ROLLOUT_DELAY, 0, dataPlane)) {
            say("Router: %s", sandbox.dataPlane().routerDescription());
            RolloutEngine engine = new RolloutEngine(sandbox.client(), sandbox.engineConfig(IDENTITY));
            Story story = new Story(sandbox, engine, new RolloutDriver(engine, scheduler));
            exposeRoute(sandbox.client());
            List<ChapterResult> chapters = story.tell();
            DemoReport report = new DemoReport(chapters, sandbox.dataPlane().routerDescription(), sandbox.dataPlane().servedByVersion(HOST),
                    Duration.between(origin, Instant.now()));
            out.println();
            out.print(report.table());
            out.flush();
            return report;
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** The Route users reach the app by, as {@code oc expose service shop-blue --hostname=...} would create it. */
    private void exposeRoute(KubernetesClient client) {
        Route route = new RouteBuilder().withNewMetadata().withName(APP).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withHost(HOST).withNewTo().withKind("Service").withName(Slot.BLUE.resourceName(APP)).withWeight(100).endTo()
                .endSpec().build();
        client.resources(Route.class).inNamespace(NAMESPACE).resource(route).create();
    }

    private final class Story {
        private final Sandbox sandbox;
        private final RolloutEngine engine;
        private final RolloutDriver driver;

        Story(Sandbox sandbox, RolloutEngine engine, RolloutDriver driver) {
            this.sandbox = sandbox;
            this.engine = engine;
            this.driver = driver;
        }

        List<ChapterResult> tell() {
            List<ChapterResult> chapters = new ArrayList<>();
            chapters.add(chapter("initial deploy v1",
                    "No release of " + APP + " yet: v1 goes straight to 100 % in slot " + Slot.BLUE.resourceName(APP) + ".",
                    () -> engine.start(canary("v1", Map.of()), ACTOR), ReleaseOutcome.DEPLOYED, "v1", "deployed"));
            chapters.add(chapter("canary v2 (healthy)",
                    "Canary of v2: 20 %, an http gate on the candidate slot alone (GET /health, at least 95 % success, "
                            + "3 rounds 1 s apart), 50 %, the gate again, then promotion.",
                    () -> engine.start(canary("v2", Map.of()), ACTOR), ReleaseOutcome.PROMOTED, "v2", "promoted"));
            chapters.add(chapter("canary v3 (30 % errors)",
                    "Canary of v3, whose pods answer 30 % of requests with HTTP 500 (SANDBOX_ERROR_RATE=0.3). Same steps: "
                            + "its gate should catch it at 20 % and send all traffic back to v2.",
                    () -> engine.start(canary("v3", Map.of("SANDBOX_ERROR_RATE", "0.3")), ACTOR), ReleaseOutcome.ABORTED, "v2",
                    "aborted: analysis failed"));
            chapters.add(chapter("blue/green v4",
                    "Blue/green of v4: it starts in the idle slot at 0 % (Route " + APP + "-preview reaches it), the same http gate "
                            + "measures it, then it takes 100 % in one switch. v2 stays warm in the other slot. v4 reuses v3's "
                            + "slot but runs only its own env: v3's SANDBOX_ERROR_RATE does not carry over.",
                    () -> engine.start(blueGreen("v4"), ACTOR), ReleaseOutcome.PROMOTED, "v4", "promoted"));
            chapters.add(chapter("instant rollback to v2",
                    "Rollback: v2 is still warm in its slot, so making it serve again is one Route write.",
                    () -> engine.rollback(app, null, new Actor("demo", "instant rollback")), ReleaseOutcome.ROLLED_BACK, "v2", "rolled back"));
            return chapters;
        }

        private ChapterResult chapter(String title, String story, Supplier<Progress> operation, ReleaseOutcome expected, String servingVersion,
                                      String expectedMessage) {
            out.println();
            say("== %s ==", title);
            say("%s", story);
            Instant start = Instant.now();
            String expectation = expected + ", " + servingVersion + " serves";
            try {
                Progress last = drive(operation);
                var rollout = last.state().rollout();
                ReleaseOutcome outcome = last.state().release(rollout.revision()).map(Release::outcome).orElse(null);
                Duration took = Duration.between(start, Instant.now());
                Map<String, Long> sample = sampleRouter(last.state().activeSlot().resourceName(APP), IMAGE + servingVersion);
                String serving = sample.size() == 1 ? version(sample.keySet().iterator().next()) : sample.toString();
                boolean ok = outcome == expected && servingVersion.equals(serving) && rollout.message().startsWith(expectedMessage);
                say("%s %s: %s; %d of %d requests through the router answered by %s", ok ? "OK " : "BAD", title, rollout.message(),
                        sample.getOrDefault(IMAGE + servingVersion, 0L), SAMPLE, IMAGE + servingVersion);
                return new ChapterResult(title, expectation, outcome + ", " + serving + " serves", ok, took, rollout.message());
            } catch (RuntimeException | TimeoutException | ExecutionException | IOException e) {
                say("BAD %s: %s", title, e);
                return new ChapterResult(title, expectation, "failed: " + e.getMessage(), false, Duration.between(start, Instant.now()), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("demo interrupted", e);
            }
        }

        private Progress drive(Supplier<Progress> operation) throws InterruptedException, ExecutionException, TimeoutException {
            RolloutNarrator narrator = new RolloutNarrator(at -> String.format("%7.1fs", Duration.between(origin, at).toMillis() / 1000.0));
            Progress p = operation.get();
            narrate(narrator, p);
            if (p.done()) {
                return p;
            }
            return driver.drive(app, progress -> narrate(narrator, progress)).done().get(CHAPTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void narrate(RolloutNarrator narrator, Progress p) {
            synchronized (out) {
                narrator.lines(p).forEach(out::println);
                out.flush();
            }
        }

        /**
         * Waits until the router applies 100 % to {@code service} and has its endpoints (HAProxy learns of
         * newly ready pods with a reload, so the first answer from {@code image} marks that), then sends
         * {@link #SAMPLE} requests and counts the versions.
         */
        private Map<String, Long> sampleRouter(String service, String image) throws IOException, InterruptedException {
            Instant deadline = Instant.now().plusSeconds(5);
            RouterClient router = sandbox.dataPlane().routerClient();
            while (!(servesAlone(sandbox.dataPlane().routeWeights(HOST), service) && router.get(HOST, "/").version().equals(Optional.of(image)))
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            Map<String, Long> versions = new TreeMap<>();
            for (int i = 0; i < SAMPLE; i++) {
                versions.merge(router.get(HOST, "/").version().orElse("none"), 1L, Long::sum);
            }
            return versions;
        }
    }

    private static boolean servesAlone(Map<String, Integer> weights, String service) {
        return weights.getOrDefault(service, 0) > 0 && weights.entrySet().stream().allMatch(e -> e.getKey().equals(service) || e.getValue() == 0);
    }

    private static RolloutSpec canary(String version, Map<String, String> env) {
        return base(version).canary(CanaryStep.setWeight(20), CanaryStep.pause(Duration.ofSeconds(2)), CanaryStep.analysis(POLICY, GATES),
                CanaryStep.setWeight(50), CanaryStep.analysis(POLICY, GATES)).env(env).build();
    }

    private static RolloutSpec blueGreen(String version) {
        return base(version).strategy(BlueGreenSpec.defaults().withGates(POLICY, GATES).withAutoPromote(Duration.ofSeconds(1))).build();
    }

    private static RolloutSpec.Builder base(String version) {
        return RolloutSpec.builder(NAMESPACE, APP, IMAGE + version).replicas(2).progressDeadline(Duration.ofSeconds(30));
    }

    private static String version(String image) {
        return image.startsWith(IMAGE) ? image.substring(IMAGE.length()) : image;
    }

    private void say(String format, Object... args) {
        synchronized (out) {
            out.printf("%7.1fs  %s%n", Duration.between(origin, Instant.now()).toMillis() / 1000.0, String.format(format, args));
            out.flush();
        }
    }
}
