package io.jenkins.plugins.openmaru.sandbox;

import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.demo.SandboxDemo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** {@code openmaru sandbox demo}: the whole product in one command, exit 0 only when every outcome was as expected. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a sandbox in this process and watch five rollouts of app shop, then a table of their timings and outcomes.",
                "1 initial deploy: v1 straight to 100 %%.",
                "2 healthy canary: v2 at 20 %% then 50 %%, promoted by its http gate.",
                "3 faulty canary: v3 answers 30 %% errors, its gate fails and traffic goes back to v2.",
                "4 blue/green: v4 tested at 0 %%, then switched to 100 %% in one write.",
                "5 instant rollback: v2 serves again from the warm slot.",
                "The requests the router served per version close it. The demo runs its own sandbox: it takes only --router and --traffic-rps.",
                "Exit code 0 only when every outcome was as expected, 2 bad input."})
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
        refuseInheritedOptions();
        if (trafficRps < 1 || trafficRps > DataPlaneConfig.MAX_TRAFFIC_RPS) {
            throw new ValidationException("traffic-rps", trafficRps,
                    "an integer from 1 to " + DataPlaneConfig.MAX_TRAFFIC_RPS);
        }
        DataPlaneConfig dataPlane = SandboxRouter.apply(router, DataPlaneConfig.defaults().withTrafficRps(trafficRps).withNamespace(SandboxDemo.NAMESPACE));
        return new SandboxDemo(spec.commandLine().getOut(), dataPlane).run().ok() ? 0 : 1;
    }

    /** The options every openmaru command accepts (--kubeconfig, -n, -o, ...) would have no effect here: say so rather than ignore them. */
    private void refuseInheritedOptions() {
        for (OptionSpec o : spec.options()) {
            // given before 'sandbox demo' (openmaru -n prod sandbox demo), an option is parsed by the command it follows
            for (CommandLine c = spec.commandLine(); o.inherited() && c != null; c = c.getParent()) {
                ParseResult parsed = c.getParseResult();
                if (parsed != null && parsed.hasMatchedOption(o.longestName())) {
                    throw new ValidationException(o.longestName(), parsed.matchedOptionValue(o.longestName(), (Object) "on"),
                            "no such option for 'sandbox demo', which runs its own sandbox and prints text; its options are --router and --traffic-rps");
                }
            }
        }
    }
}
