package io.jenkins.plugins.openmaru.engine.drill;

import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillPhaseResult;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.GateResult;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The drill as a JUnit XML test suite, one test case per phase, so Jenkins' test trend shows drill
 * health over time. A phase fails when it broke its target, a gate failed or its restore was abandoned.
 */
public final class DrillJUnitReport {
    private DrillJUnitReport() {}

    /** The test class name: {@code rollback-drill.<environment>.<namespace>.<app>}. */
    public static String className(DrillResult r) {
        String env = r.plan().environment();
        return "rollback-drill." + (env.isEmpty() ? "" : env + ".") + r.app().namespace() + "." + r.app().app();
    }

    public static String render(DrillResult r) {
        List<DrillPhaseResult> phases = r.phases();
        long failures = phases.stream().filter(p -> p.outcome().failed()).count();
        long skipped = r.outcome() == DrillOutcome.PLANNED ? 2 : phases.stream().filter(p -> p.outcome() == DrillOutcome.SKIPPED).count();
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", className(r));
            x.writeAttribute("tests", Integer.toString(r.outcome() == DrillOutcome.PLANNED ? 2 : phases.size()));
            x.writeAttribute("failures", Long.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(skipped));
            x.writeAttribute("time", seconds(Duration.between(r.startedAt(), r.finishedAt())));
            x.writeAttribute("timestamp", r.startedAt().toString());
            x.writeStartElement("properties");
            property(x, "id", r.id());
            property(x, "environment", r.plan().environment());
            property(x, "outcome", r.outcome().name());
            property(x, "maxTimeToRestore", Durations.format(r.plan().maxTimeToRestore()));
            x.writeEndElement();
            if (r.outcome() == DrillOutcome.PLANNED) {
                planned(x, r, "rollback to revision " + r.plan().target().revision());
                planned(x, r, "roll-forward to revision " + r.plan().serving().revision());
            }
            for (DrillPhaseResult p : phases) {
                testcase(x, r, p);
            }
            x.writeStartElement("system-out");
            x.writeCharacters(String.join("\n", r.plan().steps()) + "\n" + r.message());
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return out + "\n";
    }

    private static void planned(XMLStreamWriter x, DrillResult r, String name) throws XMLStreamException {
        x.writeStartElement("testcase");
        x.writeAttribute("classname", className(r));
        x.writeAttribute("name", name);
        x.writeAttribute("time", "0");
        x.writeEmptyElement("skipped");
        x.writeAttribute("message", "dry run: nothing was written");
        x.writeEndElement();
    }

    private static void testcase(XMLStreamWriter x, DrillResult r, DrillPhaseResult p) throws XMLStreamException {
        x.writeStartElement("testcase");
        x.writeAttribute("classname", className(r));
        x.writeAttribute("name", p.phase().label() + " to revision " + p.toRevision());
        Duration took = p.timings().timeToRestore().orElse(Duration.between(p.timings().decisionAt(), r.finishedAt()));
        x.writeAttribute("time", seconds(took.isNegative() ? Duration.ZERO : took));
        if (p.outcome().failed()) {
            x.writeStartElement("failure");
            x.writeAttribute("message", p.message());
            x.writeAttribute("type", failureType(p));
            x.writeCharacters(details(p));
            x.writeEndElement();
        } else if (p.outcome() == DrillOutcome.SKIPPED) {
            x.writeEmptyElement("skipped");
            x.writeAttribute("message", p.message());
        }
        x.writeStartElement("system-out");
        x.writeCharacters(details(p));
        x.writeEndElement();
        x.writeEndElement();
    }

    private static String failureType(DrillPhaseResult p) {
        if (p.outcome() == DrillOutcome.ABORTED) {
            return "restore-abandoned";
        }
        boolean gate = p.gatesAfter().stream().anyMatch(g -> g.verdict() != io.jenkins.plugins.openmaru.model.Verdict.PASS);
        return gate ? "gate-failed" : p.exceededTarget() ? "target-exceeded" : "restore-failed";
    }

    private static String details(DrillPhaseResult p) {
        List<String> lines = new ArrayList<>();
        lines.add(p.phase().label() + " from revision " + p.fromRevision() + " to revision " + p.toRevision() + " (" + p.image() + ")"
                + (p.slot() == null ? "" : " in slot " + p.slot().label()) + ": " + p.outcome().name().toLowerCase(Locale.ROOT));
        lines.add("scaled up: " + (p.scaledUp() ? "yes" : "no (warm)"));
        p.timings().toAvailable().ifPresent(d -> lines.add("decision to available: " + Durations.format(d)));
        p.timings().checking().ifPresent(d -> lines.add("gates before the switch: " + Durations.format(d)));
        p.timings().toTrafficWrite().ifPresent(d -> lines.add("decision to traffic write acknowledged: " + Durations.format(d)));
        p.timings().writeToVerified().ifPresent(d -> lines.add("write to weights verified: " + Durations.format(d)));
        p.timings().timeToRestore().ifPresent(d -> lines.add("time to restore: " + Durations.format(d) + " (target " + Durations.format(p.target()) + ")"));
        for (GateResult g : p.gatesBefore()) {
            lines.add("before switch: " + g.gate() + " " + g.verdict() + ": " + g.evidence());
        }
        for (GateResult g : p.gatesAfter()) {
            lines.add("after switch: " + g.gate() + " " + g.verdict() + ": " + g.evidence());
        }
        lines.add(p.message());
        return String.join("\n", lines);
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }
}
