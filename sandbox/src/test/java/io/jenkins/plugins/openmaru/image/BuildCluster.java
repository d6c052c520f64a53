package io.jenkins.plugins.openmaru.image;

import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.sandbox.BuildController;
import io.jenkins.plugins.openmaru.sandbox.BuildMockServer;
import java.net.InetAddress;

/** A simulated OpenShift that runs builds, with a client for the code under test. */
final class BuildCluster implements AutoCloseable {
    final BuildMockServer server = new BuildMockServer(false);
    final OpenShiftClient client;
    final BuildController controller;
    final S2iBuilder builder;

    BuildCluster() {
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().adapt(OpenShiftClient.class);
        controller = new BuildController(server, server.createClient().adapt(OpenShiftClient.class));
        builder = new S2iBuilder(client);
    }

    @Override
    public void close() {
        controller.close();
        client.close();
        server.destroy();
    }
}
