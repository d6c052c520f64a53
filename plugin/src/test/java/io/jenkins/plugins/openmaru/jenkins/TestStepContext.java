package io.jenkins.plugins.openmaru.jenkins;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A {@link StepContext} for driving step executions in tests, as Pipeline would: it hands out the
 * context objects given to {@link #with}, records how the step completed, and survives Java
 * serialization of the execution the way the real context does (it resolves back to the same live
 * context, as Pipeline rebuilds the context of a resumed flow).
 * <p>
 * It saves the execution when Pipeline (workflow-cps) does: when {@code start()} returns without
 * completing (the program is saved once the step goes asynchronous) and at each {@link #saveState()}
 * (which saves the program again), never otherwise: fields the execution changes on its own threads
 * after that are lost at a restart unless it calls {@code saveState()}. {@link #restart()} hands back
 * the execution read from the last save.
 */
public final class TestStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    /**
     * Weakly: Pipeline drops a step's context once nothing refers to it (a finished step), so a benchmark that starts
     * thousands of steps measures what the plugin keeps, not every context this double ever made.
     */
    private static final Map<String, WeakReference<TestStepContext>> LIVE = new ConcurrentHashMap<>();

    private final String id;
    private final transient Map<Class<?>, Object> objects = new HashMap<>();
    private transient volatile boolean dead;
    private final transient CompletableFuture<Object> outcome = new CompletableFuture<>();
    private final transient List<Object> completions = new ArrayList<>();
    private transient Result result;
    private transient StepExecution execution;
    private transient byte[] saved;
    private transient int saveCount;
    private transient TestBody.Code block;
    private final transient List<TestBody.Run> blockRuns = new java.util.concurrent.CopyOnWriteArrayList<>();

    public TestStepContext() {
        this(UUID.randomUUID().toString());
    }

    private TestStepContext(String id) {
        this.id = id;
        LIVE.put(id, new WeakReference<>(this));
    }

    /** A restarted Jenkins: the step's new context and its execution as read back from the last save. */
    public record Restarted(TestStepContext context, StepExecution execution) {}

    /**
     * Starts {@code step} as Pipeline does: creates its execution and calls {@code start()}; when that
     * returns false (the step goes on asynchronously) the execution is saved.
     */
    public StepExecution start(Step step) throws Exception {
        StepExecution e = step.start(this);
        synchronized (this) {
            execution = e;
        }
        if (!e.start()) {
            save();
        }
        return e;
    }

    /**
     * Simulates a Jenkins restart: this context dies (completions and saves from threads of the "old JVM"
     * are ignored, as they could not reach a real flow), and the execution is read back from its last
     * save with the new context, which holds the same context objects. Call {@code onResume()} on it next.
     */
    public Restarted restart() throws Exception {
        byte[] bytes;
        synchronized (this) {
            dead = true;
            bytes = saved;
        }
        if (bytes == null) {
            throw new IllegalStateException("the execution was never saved: Pipeline would have nothing to resume");
        }
        TestStepContext next = new TestStepContext(id);
        next.objects.putAll(objects);
        next.block = block;
        next.blockRuns.addAll(blockRuns);
        StepExecution resumed;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            resumed = (StepExecution) in.readObject();
        }
        synchronized (next) {
            next.execution = resumed;
            next.saved = bytes;
        }
        return new Restarted(next, resumed);
    }

    /** How many times the execution was saved so far (at the return of start() and at each saveState()). */
    public synchronized int saves() {
        return saveCount;
    }

    private synchronized void save() throws IOException {
        if (dead || execution == null) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(execution);
        }
        saved = bytes.toByteArray();
        saveCount++;
    }

    /** Makes {@code value} available to the step as {@code getContext().get(type)}. */
    public <T> TestStepContext with(Class<T> type, T value) {
        objects.put(type, value);
        return this;
    }

    /** Gives the step a block, as a Pipeline call {@code openmaruCanary(...) { ... }} does. */
    public TestStepContext withBlock(TestBody.Code code) {
        this.block = code;
        return this;
    }

    /** Every run of the block so far, oldest first (across restarts). */
    List<TestBody.Run> blockRuns() {
        return List.copyOf(blockRuns);
    }

    /** Whether this context belongs to a JVM that was restarted away. */
    boolean isDead() {
        return dead;
    }

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(objects.get(key));
    }

    @Override
    public synchronized void onSuccess(Object value) {
        if (dead) {
            return;
        }
        completions.add(value);
        outcome.complete(value);
    }

    @Override
    public synchronized void onFailure(Throwable failure) {
        if (dead) {
            return;
        }
        completions.add(failure);
        outcome.completeExceptionally(failure);
    }

    /** Whether the step has completed, successfully or not. */
    public boolean isDone() {
        return outcome.isDone();
    }

    /** How many times the step tried to complete; a correct step completes exactly once. */
    public synchronized int completionCount() {
        return completions.size();
    }

    /** The value the step returned, waiting at most {@code timeout}; fails if it failed or did not finish. */
    public Object awaitSuccess(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("step failed instead of succeeding", e.getCause());
        }
    }

    /** The failure the step completed with, waiting at most {@code timeout}; fails if it succeeded. */
    public Throwable awaitFailure(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            Object value = outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("step succeeded with " + value + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Override
    public void setResult(Result r) {
        this.result = r;
    }

    /** The build result the step set, or null. */
    public Result result() {
        return result;
    }

    @Override
    public boolean hasBody() {
        return block != null;
    }

    @Override
    public BodyInvoker newBodyInvoker() {
        if (block == null) {
            throw new IllegalStateException("There is no body to invoke");
        }
        return new TestBody.Invoker(this, block, blockRuns);
    }

    /** Saves the execution again, as workflow-cps saves the program. */
    @Override
    public ListenableFuture<Void> saveState() {
        try {
            save();
            return Futures.immediateFuture(null);
        } catch (IOException e) {
            return Futures.immediateFailedFuture(e);
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestStepContext other && other.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    private Object readResolve() throws ObjectStreamException {
        WeakReference<TestStepContext> ref = LIVE.get(id);
        TestStepContext live = ref == null ? null : ref.get();
        if (live == null) {
            throw new java.io.InvalidObjectException("no live test context " + id);
        }
        return live;
    }
}
