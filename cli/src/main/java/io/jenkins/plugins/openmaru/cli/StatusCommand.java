package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code openmaru status APP}: what serves, what is being rolled out, at which weight. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the app's stable and candidate releases, weight, phase and the Route's host.",
                "Exit code: 0, 2 unknown app or bad input, 3 cluster problem."})
public final class StatusCommand extends AppCommand {
    @Override
    public Integer call() {
        try (ReadSession session = new ReadSession(parent)) {
            AppRef ref = session.app(app);
            DeliveryState s = session.knownState(ref);
            Map<String, Object> status = session.status(ref, s);
            if (session.json()) {
                StatusView.printJson(spec.commandLine().getOut(), status);
            } else {
                StatusView.printStatusText(spec.commandLine().getOut(), status, s);
            }
            return ExitCodes.OK;
        }
    }
}
