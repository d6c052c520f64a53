package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.Test;

/** The test context behaves as later step tests rely on: completion, stop, and serialization. */
class TestStepContextTest {

    /** An execution that waits until stopped, as a paused rollout does. */
    static final class WaitingExecution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private final String app;

        WaitingExecution(StepContext context, String app) {
            super(context);
            this.app = app;
        }

        @Override
        public boolean start() {
            return false;
        }

        void finish() {
            getContext().onSuccess(app);
        }
    }

    @Test
    void executionSurvivesSerializationAndStillCompletesItsContext() throws Exception {
        TestStepContext context = new TestStepContext().with(String.class, "namespace-a");
        WaitingExecution execution = new WaitingExecution(context, "shop");
        assertThat(execution.start()).isFalse();
        assertThatThrownBy(() -> context.awaitSuccess(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);

        WaitingExecution resumed = roundTrip(execution);
        resumed.onResume();
        resumed.finish();

        assertThat(resumed.getContext()).isSameAs(context);
        assertThat(context.get(String.class)).isEqualTo("namespace-a");
        assertThat(context.awaitSuccess(Duration.ofSeconds(1))).isEqualTo("shop");
    }

    /** A step whose execution learns a value on its own thread after start(), as a rollout learns its revision. */
    static final class LearningStep extends Step {
        @Override
        public StepExecution start(StepContext context) {
            return new LearningExecution(context);
        }

        @Override
        public StepDescriptor getDescriptor() {
            throw new UnsupportedOperationException();
        }
    }

    static final class LearningExecution extends StepExecution {
        private static final long serialVersionUID = 1L;
        private int learned;

        LearningExecution(StepContext context) {
            super(context);
        }

        @Override
        public boolean start() {
            return false;
        }

        void learn(int value, boolean save) {
            learned = value;
            if (save) {
                getContext().saveState();
            }
        }
    }

    @Test
    void restartResumesFromTheLastSaveOnlyAsPipelineDoes() throws Exception {
        TestStepContext context = new TestStepContext();
        LearningExecution execution = (LearningExecution) context.start(new LearningStep());
        execution.learn(7, false);

        TestStepContext.Restarted unsaved = context.restart();
        assertThat(((LearningExecution) unsaved.execution()).learned).as("set after start() without saveState()").isZero();
        assertThat(unsaved.execution()).isNotSameAs(execution);

        ((LearningExecution) unsaved.execution()).learn(9, true);
        TestStepContext.Restarted saved = unsaved.context().restart();
        assertThat(((LearningExecution) saved.execution()).learned).isEqualTo(9);
        assertThat(saved.execution().getContext()).isSameAs(saved.context());
    }

    @Test
    void defaultStopFailsTheStepWithTheCause() throws Exception {
        TestStepContext context = new TestStepContext();
        WaitingExecution execution = new WaitingExecution(context, "shop");
        execution.start();
        InterruptedException cause = new InterruptedException("user aborted the build");

        execution.stop(cause);
        context.setResult(Result.ABORTED);

        assertThat(context.awaitFailure(Duration.ofSeconds(1))).isSameAs(cause);
        assertThat(context.result()).hasToString("ABORTED");
        assertThat(context.completionCount()).isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
