package io.jenkins.plugins.openmaru.jenkins;

import hudson.EnvVars;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.steps.BodyExecution;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step's block, run as workflow-cps runs one (read from CpsBodyInvoker and CpsBodyExecution): {@code start()} only
 * schedules it, it runs on a thread of its own, sees only the environment the context objects give it (the
 * invoker's {@link EnvironmentExpander}, else the step's), and ends through each callback exactly once;
 * {@code cancel(t)} interrupts it and it fails with {@code t}; starting a block once the step completed is an
 * IllegalStateException. The {@link BodyExecution} and its callbacks are pickled with the step's execution at each
 * save; after a restart the block goes on running (like a durable {@code sh}) and reports to the callbacks read back
 * from the last save, with the new context, never to those of the old JVM.
 */
final class TestBody {
    private TestBody() {}

    /** The Pipeline code of a block: what it does with the environment it is given. Throwing fails the block. */
    @FunctionalInterface
    interface Code {
        Object run(EnvVars env) throws Exception;
    }

    /** One run of a block: lives in the "agent" (this JVM), outside the pickled program. */
    static final class Run {
        private static final Map<String, Run> LIVE = new ConcurrentHashMap<>();

        final String id = UUID.randomUUID().toString();
        final String displayName;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile EnvVars env;
        private volatile Thread thread;
        private volatile Throwable stoppedWith;
        private Object result;
        private Throwable failure;
        private boolean finished;
        private Execution owner;

        Run(String displayName) {
            this.displayName = displayName;
        }

        /** The environment the block saw; null until it began. */
        EnvVars env() {
            return env;
        }

        boolean await(long millis) throws InterruptedException {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        }

        boolean isRunning() {
            return ended.getCount() > 0;
        }

        boolean wasCancelled() {
            return stoppedWith != null;
        }

        private void begin(EnvironmentExpander expander, Code code) {
            Thread t = new Thread(() -> {
                Object value = null;
                Throwable error = null;
                try {
                    EnvVars e = new EnvVars();
                    if (expander != null) {
                        expander.expand(e);
                    }
                    env = e;
                    value = code.run(e);
                } catch (Throwable x) {
                    error = x;
                }
                Throwable stopped = stoppedWith;
                end(value, stopped != null ? stopped : error);
            }, "test-block " + displayName);
            thread = t;
            t.setDaemon(true);
            t.start();
        }

        private boolean cancel(Throwable t) {
            synchronized (this) {
                if (finished || stoppedWith != null) {
                    return false;
                }
                stoppedWith = t;
            }
            Thread th = thread;
            if (th != null) {
                th.interrupt();
            }
            return true;
        }

        private void end(Object value, Throwable error) {
            Execution to;
            synchronized (this) {
                finished = true;
                result = value;
                failure = error;
                to = owner;
            }
            ended.countDown();
            to.deliver(this);
        }

        /** @return whether the block has ended already (then {@code e} must deliver its outcome itself) */
        private synchronized boolean attach(Execution e) {
            owner = e;
            return finished;
        }
    }

    /** The pickled half: what a save writes; its callbacks are the program's. */
    static final class Execution extends BodyExecution {
        private static final long serialVersionUID = 1L;
        private final String runId;
        private final TestStepContext context;
        private final List<BodyExecutionCallback> callbacks;
        private boolean delivered;

        Execution(Run run, TestStepContext context, List<BodyExecutionCallback> callbacks) {
            this.runId = run.id;
            this.context = context;
            this.callbacks = List.copyOf(callbacks);
        }

        private Run run() {
            return Run.LIVE.get(runId);
        }

        /** Ends through each callback once, unless this copy belongs to a dead JVM (then the resumed copy does). */
        private void deliver(Run r) {
            synchronized (this) {
                if (delivered || context.isDead()) {
                    return;
                }
                delivered = true;
            }
            for (BodyExecutionCallback c : callbacks) {
                if (r.failure == null) {
                    c.onSuccess(context, r.result);
                } else {
                    c.onFailure(context, r.failure);
                }
            }
        }

        @Override
        public Collection<StepExecution> getCurrentExecutions() {
            return List.of();
        }

        @Override
        public boolean cancel(Throwable t) {
            return run().cancel(t);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            throw new UnsupportedOperationException("deprecated in workflow-step-api: use cancel(Throwable)");
        }

        @Override
        public boolean isCancelled() {
            Run r = run();
            return !r.isRunning() && r.wasCancelled();
        }

        @Override
        public boolean isDone() {
            return !run().isRunning();
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("a step must not wait for its block: it runs on the Pipeline's thread");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("a step must not wait for its block: it runs on the Pipeline's thread");
        }

        private synchronized void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
        }

        /** Read back after a restart: the running block now reports here; a block that ended meanwhile reports at once. */
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            Run r = run();
            if (r == null || context.isDead()) {
                return;
            }
            if (r.attach(this)) {
                new Thread(() -> deliver(r), "test-block resumed " + r.displayName).start();
            }
        }
    }

    /** The invoker a step gets from {@code newBodyInvoker()}; not serializable, as in workflow-cps. */
    static final class Invoker extends BodyInvoker {
        private final TestStepContext context;
        private final Code code;
        private final List<Run> runs;
        private final Map<Class<?>, Object> overrides = new ConcurrentHashMap<>();
        private final List<BodyExecutionCallback> callbacks = new ArrayList<>();
        private String displayName = "block";
        private boolean started;

        Invoker(TestStepContext context, Code code, List<Run> runs) {
            this.context = context;
            this.code = code;
            this.runs = runs;
        }

        @Override
        public BodyInvoker withContext(Object override) {
            if (override instanceof EnvVars) {
                throw new IllegalArgumentException("pass an EnvironmentExpander, not EnvVars: the block's environment is computed from it");
            }
            overrides.put(override instanceof EnvironmentExpander ? EnvironmentExpander.class : override.getClass(), override);
            return this;
        }

        @Override
        public BodyInvoker withCallback(BodyExecutionCallback callback) {
            callbacks.add(callback);
            return this;
        }

        @Override
        public BodyInvoker withDisplayName(String name) {
            displayName = name;
            return this;
        }

        @Override
        public BodyExecution start() {
            if (started) {
                throw new IllegalStateException("Already started");
            }
            if (context.isDone()) {
                throw new IllegalStateException("The step has already completed.");
            }
            started = true;
            for (BodyExecutionCallback c : callbacks) {
                // the program is pickled with the callbacks at its next save; an unserializable one breaks it
                try {
                    DeliveryFixture.serialize(c);
                } catch (Exception x) {
                    throw new IllegalArgumentException("callback " + c + " cannot be pickled with the program", x);
                }
            }
            Object own = overrides.get(EnvironmentExpander.class);
            EnvironmentExpander expander = own != null ? (EnvironmentExpander) own : context.get(EnvironmentExpander.class);
            Run run = new Run(displayName);
            Run.LIVE.put(run.id, run);
            Execution e = new Execution(run, context, callbacks);
            run.attach(e);
            runs.add(run);
            run.begin(expander, code);
            return e;
        }
    }
}
