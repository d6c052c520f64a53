package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.Test;

/** The block double is as strict as workflow-cps, so the pipeline gate's tests mean something. */
class TestBodyTest {
    /** Records each end of a block; serializable, as callbacks are pickled with the program. */
    static final class Recorder extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        static final List<Object> ENDS = new CopyOnWriteArrayList<>();

        @Override
        public void onSuccess(StepContext context, Object result) {
            ENDS.add(result);
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            ENDS.add(t);
        }
    }

    @Test
    void startOnlySchedulesTheBlockWhichSeesOnlyTheEnvironmentPassedAndEndsOnceThroughTheCallback() throws Exception {
        Recorder.ENDS.clear();
        CountDownLatch go = new CountDownLatch(1);
        TestStepContext c = new TestStepContext().withBlock(env -> {
            go.await();
            return env.get("OPENMARU_WEIGHT") + "/" + env.get("PATH");
        });
        BodyExecution e = c.newBodyInvoker().withContext(new PipelineBlock.Variables(null, Map.of("OPENMARU_WEIGHT", "20")))
                .withCallback(new Recorder()).start();
        assertThat(e.isDone()).as("start() returns before the block ends").isFalse();
        assertThatThrownBy(e::get).isInstanceOf(UnsupportedOperationException.class);

        go.countDown();
        assertThat(c.blockRuns().get(0).await(5000)).isTrue();
        Thread.sleep(100);
        assertThat(Recorder.ENDS).containsExactly("20/null");
    }

    @Test
    void cancelInterruptsTheBlockWhichFailsWithTheCause() throws Exception {
        Recorder.ENDS.clear();
        TestStepContext c = new TestStepContext().withBlock(env -> {
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            return null;
        });
        BodyExecution e = c.newBodyInvoker().withCallback(new Recorder()).start();
        AbortException cause = new AbortException("rollout aborted");
        assertThat(e.cancel(cause)).isTrue();
        assertThat(c.blockRuns().get(0).await(5000)).isTrue();
        Thread.sleep(100);
        assertThat(Recorder.ENDS).containsExactly(cause);
        assertThat(e.cancel(cause)).as("an ended block cannot be cancelled").isFalse();
    }

    @Test
    void noBlockNoInvokerAndNoBlockAfterTheStepCompleted() {
        assertThat(new TestStepContext().hasBody()).isFalse();
        assertThatThrownBy(() -> new TestStepContext().newBodyInvoker()).isInstanceOf(IllegalStateException.class);
        TestStepContext c = new TestStepContext().withBlock(env -> null);
        c.onSuccess("done");
        assertThatThrownBy(() -> c.newBodyInvoker().withCallback(new Recorder()).start()).isInstanceOf(IllegalStateException.class);
        assertThat(c.blockRuns()).isEmpty();
    }
}
