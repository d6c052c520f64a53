package io.jenkins.plugins.openmaru.sandbox;

import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.demo.SandboxDemo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code openmaru sandbox demo}: the whole product in one command, exit 0 only when every outcome was as expected. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a sandbox in this process and watch rollouts happen: initial deploy, a healthy canary promoted by its gates,",
                "a faulty canary caught by its gate and aborted, with a closing table of timings and router request counts.",
                "Exit code 0 only when every outcome was as expected."})
public final class SandboxDemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--traffic-rps", defaultValue = "25", paramLabel = "N",
            description = "Synthetic requests per second through the router (1-" + DataPlaneConfig.MAX_TRAFFIC_RPS + "; default ${DEFAULT-VALUE}).")
    int trafficRps;

    @Option(names = "--router", paramLabel = "haproxy|builtin", description = SandboxRouter.OPTION_DESCRIPTION)
    String router;

    @Override
    public Integer call() {
        if (trafficRps < 1 || trafficRps > DataPlaneConfig.MAX_TRAFFIC_RPS) {
            throw new ValidationException("traffic-rps", trafficRps,
                    "an integer from 1 to " + DataPlaneConfig.MAX_TRAFFIC_RPS);
        }
        DataPlaneConfig dataPlane = SandboxRouter.apply(router, DataPlaneConfig.defaults().withTrafficRps(trafficRps).withNamespace(SandboxDemo.NAMESPACE));
        return new SandboxDemo(spec.commandLine().getOut(), dataPlane).run().ok() ? 0 : 1;
    }
}
