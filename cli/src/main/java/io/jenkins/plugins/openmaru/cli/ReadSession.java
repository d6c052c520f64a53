package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.client.Config;
import io.jenkins.plugins.openmaru.engine.StatusReader;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.util.Map;

/**
 * A read-only command's connection to the cluster ({@code status}, {@code history}): the same target and namespace as a
 * {@link ClusterSession}, read through {@link StatusReader} without building a client or an engine, which a command that
 * only reads would spend more CPU on than on its reads.
 */
final class ReadSession implements AutoCloseable {
    private final OpenmaruCommand options;
    private final StatusReader reader;
    private final String namespace;

    ReadSession(OpenmaruCommand options) {
        this.options = options;
        Config config = ClusterSession.target(options);
        this.reader = new StatusReader(config);
        this.namespace = ClusterSession.namespace(options, config);
    }

    AppRef app(String name) {
        return new AppRef(namespace, name);
    }

    /** The app's state; an app the cluster holds nothing about is bad input (exit 2), as in {@link ClusterSession#knownState}. */
    DeliveryState knownState(AppRef app) {
        return ClusterSession.known(app, reader.state(app));
    }

    Map<String, Object> status(AppRef app, DeliveryState state) {
        return reader.document(app, state);
    }

    boolean json() {
        return options.output == OpenmaruCommand.Output.json;
    }

    @Override
    public void close() {
        reader.close();
    }
}
