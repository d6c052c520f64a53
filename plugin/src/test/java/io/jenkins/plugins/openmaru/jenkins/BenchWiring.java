package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.engine.ClusterClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The plugin's own wiring for benchmarks outside this package: the global configuration with one cluster, and canary
 * steps started as Pipeline starts them (each with its build, log and step context), sharing whatever the plugin shares.
 */
public final class BenchWiring implements AutoCloseable {
    private final AutoCloseable configuration;
    private final AtomicInteger clientsBuilt = new AtomicInteger();

    /** Configures the cluster {@code bench} at {@code apiUrl}, working in {@code namespace}. */
    public BenchWiring(String apiUrl, String namespace) {
        DeliveryCluster bench = new DeliveryCluster("bench");
        bench.setApiUrl(apiUrl);
        bench.setInsecure(true);
        bench.setDefaultNamespace(namespace);
        configuration = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(bench), (id, run) -> null, config -> {
            clientsBuilt.incrementAndGet();
            return ClusterClients.create(config);
        }, c -> c));
    }

    /** How many clients the plugin built so far. */
    public int clientsBuilt() {
        return clientsBuilt.get();
    }

    /** A canary step of {@code app} to {@code image} that sets 20 % and then pauses until someone decides. */
    public Step pausedCanary(String app, String image, int build) throws Exception {
        CanaryRolloutStep s = new CanaryRolloutStep(app, image);
        s.setSteps(List.of(Map.of("weight", 20), Map.of("pause", "manual")));
        TestStepContext c = DeliveryFixture.context(new FakeBuild(app + "-deploy", build), new BuildLog());
        return new Step(DeliveryFixture.start(s, c), c);
    }

    /** A canary step of {@code app}'s first release, which goes to 100 % at once. */
    public Step firstRelease(String app, String image) throws Exception {
        CanaryRolloutStep s = new CanaryRolloutStep(app, image);
        s.setSteps(List.of(Map.of("weight", 100)));
        TestStepContext c = DeliveryFixture.context(new FakeBuild(app + "-setup", 1), new BuildLog());
        return new Step(DeliveryFixture.start(s, c), c);
    }

    /** One running step. */
    public record Step(StepExecution execution, TestStepContext context) {
        public boolean paused() {
            String status = execution.getStatus();
            return status != null && status.contains("waiting for promote or abort");
        }

        public void awaitSuccess(Duration timeout) throws InterruptedException, TimeoutException {
            context.awaitSuccess(timeout);
        }

        /** Stops the build (which aborts the rollout) and waits for the step to fail with that cause. */
        public void stopAndAwait(Duration timeout) throws Exception {
            InterruptedException cause = new InterruptedException("benchmark: aborted");
            execution.stop(cause);
            context.awaitFailure(timeout);
        }
    }

    @Override
    public void close() throws Exception {
        configuration.close();
    }
}
