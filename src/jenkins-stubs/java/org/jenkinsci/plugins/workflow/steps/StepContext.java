package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import hudson.model.Result;
import java.io.IOException;
import java.io.Serializable;

/** Stub of workflow-step-api {@code StepContext}: every member is abstract, as in the real class. */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(Object result);

    public abstract void setResult(Result r);

    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;

    /** Overridden by every real context (workflow-cps: whether the call had a block). */
    public boolean hasBody() {
        throw new UnsupportedOperationException("Jenkins stub: only a real Jenkins provides this");
    }

    public abstract ListenableFuture<Void> saveState();

    public abstract boolean isReady();

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}
