package io.jenkins.plugins.openmaru.workload;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import java.net.URI;

/** Where a gate reaches one slot's pods directly, bypassing the weighted route (or, for a rolling update, the app's Service). */
@FunctionalInterface
public interface SlotEndpoints {

    /** Where the pods behind Service {@code service} of {@code app}'s namespace answer. */
    URI serviceUrl(AppRef app, String service, int port);

    /** Where one slot's pods answer: its Service {@code <app>-<slot>}. */
    default URI baseUrl(AppRef app, Slot slot, int port) {
        return serviceUrl(app, slot.resourceName(app.app()), port);
    }

    /** In a cluster: the Service itself, {@code http://<service>.<namespace>.svc:<port>}. */
    SlotEndpoints IN_CLUSTER = (app, service, port) -> URI.create("http://" + service + "." + app.namespace() + ".svc:" + port);
}
