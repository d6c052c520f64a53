package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jenkins.plugins.openmaru.image.ApplyOutcome;
import io.jenkins.plugins.openmaru.image.ResourceApplier;
import io.jenkins.plugins.openmaru.image.TemplateDocument;
import io.jenkins.plugins.openmaru.image.TemplateParameter;
import io.jenkins.plugins.openmaru.image.TemplateProcessor;
import io.jenkins.plugins.openmaru.engine.guardrail.Preflight;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code openmaru apply --template FILE|openmaru-java -p K=V...}: processes an OpenShift Template
 * on the client and applies its objects idempotently. Parameters are checked against the
 * template before anything is written; {@code --dry-run} stops there.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Process a Template (the built-in openmaru-java, or a YAML/JSON file) and apply its objects.",
                "Each is created, updated, or left unchanged when it already is as the template says.",
                "Exit code: 0 applied, 2 bad input (e.g. unknown or missing parameters; nothing written), 3 cluster problem."})
public final class ApplyCommand implements Callable<Integer> {
    /** The name that selects the Openmaru standard Java template shipped with the CLI. */
    static final String BUILT_IN = "openmaru-java";

    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--template", required = true, paramLabel = "FILE|" + BUILT_IN,
            description = "A Template file (YAML or JSON), or " + BUILT_IN + " for the Openmaru standard Java template (docs/template.md).")
    String template;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A template parameter (repeatable).")
    List<String> params = new ArrayList<>();

    @Option(names = "--dry-run", description = "Process the template and list its objects; write nothing (no cluster needed).")
    boolean dryRun;

    @Override
    public Integer call() {
        TemplateDocument document = document();
        TemplateParameters given = TemplateParameters.parse(params);
        List<HasMetadata> objects = new TemplateProcessor().process(document, given).objects();
        PrintWriter out = spec.commandLine().getOut();
        noteGenerated(document, given);
        if (dryRun) {
            print(out, document, parent.namespace, objects.stream().map(o -> object(o.getKind(), o.getMetadata().getName(), null)).toList());
            return ExitCodes.OK;
        }
        try (ClusterSession session = new ClusterSession(parent)) {
            Preflight.objects(session.client(), ClusterSession.guardrails(parent), session.namespace(), objects)
                    .forEach(w -> spec.commandLine().getErr().println("openmaru: " + w.message()));
            List<ApplyOutcome> outcomes = new ResourceApplier(session.client()).apply(session.namespace(), objects);
            print(out, document, session.namespace(), outcomes.stream()
                    .map(o -> object(o.kind(), o.name(), o.change().name().toLowerCase(Locale.ROOT))).toList());
            return ExitCodes.OK;
        }
    }

    /** A generated value (a webhook secret) changes on every apply unless given; say so, without printing the value. */
    private void noteGenerated(TemplateDocument document, TemplateParameters given) {
        List<String> generated = document.parameters().stream()
                .filter(p -> "expression".equals(p.generate()) && p.value().isEmpty() && given.values().getOrDefault(p.name(), "").isEmpty())
                .map(TemplateParameter::name).toList();
        if (!generated.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("note: generated new values for " + generated + "; give them with -p NAME=VALUE to keep them the same on the next apply");
            err.flush();
        }
    }

    private TemplateDocument document() {
        if (BUILT_IN.equals(template)) {
            return TemplateDocument.openmaruJava();
        }
        Path file = Path.of(template);
        if (!Files.isRegularFile(file)) {
            throw new ValidationException("template", template, BUILT_IN + " or a readable Template file (YAML or JSON)");
        }
        try {
            return TemplateDocument.parse(Files.readString(file));
        } catch (IOException e) {
            throw new ValidationException("template", template, BUILT_IN + " or a readable Template file (" + e.getMessage() + ")");
        }
    }

    private static Map<String, Object> object(String kind, String name, String change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("name", name);
        if (change != null) {
            m.put("change", change);
        }
        return m;
    }

    /** Text: one {@code Kind/name change} line per object and a count; JSON: one document. The objects' contents stay unprinted (they may hold secrets). */
    private void print(PrintWriter out, TemplateDocument document, String namespace, List<Map<String, Object>> objects) {
        if (parent.output == OpenmaruCommand.Output.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("template", document.name());
            doc.put("namespace", namespace);
            doc.put("dryRun", dryRun);
            doc.put("objects", objects);
            StatusView.printJson(out, doc);
            return;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map<String, Object> o : objects) {
            String change = (String) o.getOrDefault("change", "");
            out.println(o.get("kind") + "/" + o.get("name") + (change.isEmpty() ? "" : " " + change));
            counts.merge(change, 1, Integer::sum);
        }
        if (dryRun) {
            out.printf("%d objects from template %s; dry run: nothing was written.%n", objects.size(), document.name());
        } else {
            out.printf("%d objects from template %s in %s: %d created, %d updated, %d unchanged.%n", objects.size(), document.name(), namespace,
                    counts.getOrDefault("created", 0), counts.getOrDefault("updated", 0), counts.getOrDefault("unchanged", 0));
        }
        out.flush();
    }
}
