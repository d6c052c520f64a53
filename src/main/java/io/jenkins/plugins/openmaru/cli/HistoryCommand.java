package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code openmaru history APP}: the app's releases, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the app's releases, newest first: revision, image, outcome, who and when.",
                "Exit code: 0, 2 unknown app, 3 cluster problem."})
public final class HistoryCommand extends AppCommand {
    @Override
    public Integer call() {
        try (ClusterSession session = new ClusterSession(parent)) {
            AppRef ref = session.app(app);
            DeliveryState s = session.knownState(ref);
            Map<String, Object> history = StatusView.history(ref, s);
            if (session.json()) {
                StatusView.printJson(spec.commandLine().getOut(), history);
            } else {
                StatusView.printHistoryText(spec.commandLine().getOut(), history);
            }
            return ExitCodes.OK;
        }
    }
}
