package io.jenkins.plugins.openmaru.workload;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Slot;
import java.net.URI;

/** Where a gate reaches one slot's pods directly, bypassing the weighted route. */
@FunctionalInterface
public interface SlotEndpoints {

    URI baseUrl(AppRef app, Slot slot, int port);

    /** In a cluster: the slot's Service, {@code http://<app>-<slot>.<namespace>.svc:<port>}. */
    SlotEndpoints IN_CLUSTER = (app, slot, port) ->
            URI.create("http://" + slot.resourceName(app.app()) + "." + app.namespace() + ".svc:" + port);
}
