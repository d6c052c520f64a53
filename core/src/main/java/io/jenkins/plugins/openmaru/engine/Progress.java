package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;

/** The outcome of one engine operation: the app's state as persisted, and what happens next. */
public record Progress(AppRef app, DeliveryState state, String resourceVersion, Wait next) {

    public boolean done() {
        return next.done();
    }
}
