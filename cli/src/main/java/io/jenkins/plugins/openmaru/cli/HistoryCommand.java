package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.engine.drill.DrillTrend;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code openmaru history APP}: the app's releases, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the app's releases, newest first: revision, image, outcome, who and when.",
                "With --dora, its DORA figures over 7, 30 and 90 days instead.",
                "Exit code: 0, 2 unknown app, 3 cluster problem."})
public final class HistoryCommand extends AppCommand {
    @Option(names = "--dora", description = "Instead of the releases: deployment frequency, change-failure rate and time to restore"
            + " (real rollbacks, and drills apart) over 7, 30 and 90 days, from this history and the drill trend.")
    boolean dora;

    @Override
    public Integer call() {
        if (dora) {
            return dora();
        }
        try (ReadSession session = new ReadSession(parent)) {
            AppRef ref = session.app(app);
            Map<String, Object> history = StatusView.history(ref, session.knownState(ref));
            if (session.json()) {
                StatusView.printJson(spec.commandLine().getOut(), history);
            } else {
                StatusView.printHistoryText(spec.commandLine().getOut(), history);
            }
            return ExitCodes.OK;
        }
    }

    /** The DORA figures also need the drill trend, which is read through a client. */
    private int dora() {
        try (ClusterSession session = new ClusterSession(parent)) {
            AppRef ref = session.app(app);
            DeliveryState s = session.knownState(ref);
            Map<String, Object> figures = DoraView.of(ref, new DrillTrend(session.client()).dora(ref, s.history(), Instant.now()));
            if (session.json()) {
                StatusView.printJson(spec.commandLine().getOut(), figures);
            } else {
                DoraView.printText(spec.commandLine().getOut(), figures);
            }
            return ExitCodes.OK;
        }
    }
}
