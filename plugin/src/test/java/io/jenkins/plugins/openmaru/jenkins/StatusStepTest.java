package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import hudson.AbortException;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/** openmaruStatus completes its step exactly once, even when the build is aborted while it reads. */
class StatusStepTest {
    @Test
    void aStopDuringTheReadCompletesTheStepOnceWithTheStopsCause() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            asked.countDown();
            try {
                answer.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ApiAnswers.notFound(exchange);
        });
        api.start();
        DeliveryCluster prod = new DeliveryCluster("prod");
        prod.setApiUrl("http://127.0.0.1:" + api.getAddress().getPort());
        prod.setDefaultNamespace("shop-prod");
        try (AutoCloseable c = DeliveryConfiguration.useForTesting(new DeliveryConfiguration(List.of(prod), (id, run) -> null,
                ClusterClients::create, UnaryOperator.identity()))) {
            TestStepContext context = context(new FakeBuild("shop-status", 1), new BuildLog());
            StepExecution read = start(new StatusStep("shop"), context);
            assertThat(asked.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the step asked the cluster").isTrue();

            read.stop(new AbortException("aborted by alice"));
            answer.countDown();

            assertThat(context.awaitFailure(TIMEOUT)).hasMessage("aborted by alice");
            // The read's answer arrives within milliseconds of the release: a second completion would show by then.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> context.completionCount() == 1);
        } finally {
            api.stop(0);
        }
    }
}
