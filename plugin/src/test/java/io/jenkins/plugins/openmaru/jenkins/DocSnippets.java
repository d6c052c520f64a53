package io.jenkins.plugins.openmaru.jenkins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * What the documentation shows users to write: the Jenkinsfile code in README.md, docs/*.md and examples/, and the
 * argument tables of the step sections; and which step class each {@code openmaruXxx} name is.
 */
final class DocSnippets {
    private static final Path CLASSES = Path.of(System.getProperty("openmaru.classes.dir", "target/classes"));
    private static final Pattern STEP = Pattern.compile("\\bopenmaru[A-Z]\\w*");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}```\\s*(\\S*)");
    private static final Set<String> NOT_GROOVY = Set.of("sh", "bash", "shell", "console", "json", "yaml", "yml", "xml", "text", "properties");
    private static final Set<String> ARGUMENT_TABLES = Set.of("option", "argument", "parameter");
    private static final Pattern NAME = Pattern.compile("`([a-z][A-Za-z]*)`");

    private DocSnippets() {}

    /** Groovy code and where it starts. */
    record Snippet(String source, int firstLine, String code) {}

    /** The parameter names a table documents for a step, and where the table is. */
    record ArgumentTable(String step, String where, List<String> names) {}

    /** Fenced code blocks of the markdown files that are Groovy or call a step, and every example Jenkinsfile whole. */
    static List<Snippet> all(Path root) throws IOException {
        List<Snippet> out = new ArrayList<>();
        for (Path md : markdown(root)) {
            List<String> lines = Files.readAllLines(md);
            String source = root.relativize(md).toString();
            for (int i = 0; i < lines.size(); i++) {
                Matcher open = FENCE.matcher(lines.get(i));
                if (!open.find()) {
                    continue;
                }
                String language = open.group(1).toLowerCase(Locale.ROOT);
                int end = i + 1;
                while (end < lines.size() && !FENCE.matcher(lines.get(end)).find()) {
                    end++;
                }
                String code = String.join("\n", lines.subList(i + 1, Math.min(end, lines.size())));
                boolean groovy = language.equals("groovy") || language.equals("jenkinsfile");
                if (groovy || (!NOT_GROOVY.contains(language) && STEP.matcher(code).find())) {
                    out.add(new Snippet(source, i + 2, code));
                }
                i = end;
            }
        }
        try (Stream<Path> s = Files.list(root.resolve("examples"))) {
            for (Path p : s.filter(x -> x.getFileName().toString().contains("Jenkinsfile")).sorted().toList()) {
                out.add(new Snippet(root.relativize(p).toString(), 1, Files.readString(p)));
            }
        }
        return out;
    }

    /**
     * Tables whose first column is {@code option}, {@code argument} or {@code parameter} and that belong to one step:
     * the section's heading names it, or the line right above the table does and ends with a colon
     * ("Jenkinsfile (`openmaruRolling`) and CLI (`openmaru rolling`):").
     */
    static List<ArgumentTable> argumentTables(Path root) throws IOException {
        List<ArgumentTable> out = new ArrayList<>();
        for (Path md : markdown(root)) {
            List<String> lines = Files.readAllLines(md);
            String headingStep = null;
            boolean inCode = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (FENCE.matcher(line).find()) {
                    inCode = !inCode;
                } else if (!inCode && line.startsWith("#")) {
                    headingStep = onlyStep(line);
                } else if (!inCode && isArgumentTableHeader(line)) {
                    String step = headingStep != null ? headingStep : introducedStep(lines, i);
                    if (step != null) {
                        out.add(new ArgumentTable(step, root.relativize(md) + ":" + (i + 1), firstColumnNames(lines, i + 2)));
                    }
                }
            }
        }
        return out;
    }

    /** Every step class by its function name: the descriptor's {@code getFunctionName()}, which Pipeline's DSL calls it by, and its @Symbol agree. */
    static Map<String, Class<?>> stepsBySymbol() throws IOException, ReflectiveOperationException {
        Map<String, Class<?>> steps = new TreeMap<>();
        try (Stream<Path> s = Files.list(CLASSES.resolve("io/jenkins/plugins/openmaru/jenkins"))) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith("$DescriptorImpl.class")).toList()) {
                Class<?> d = Class.forName("io.jenkins.plugins.openmaru.jenkins." + p.getFileName().toString().replace(".class", ""));
                Symbol symbol = d.getAnnotation(Symbol.class);
                if (symbol != null && StepDescriptor.class.isAssignableFrom(d)) {
                    String function = ((StepDescriptor) d.getDeclaredConstructor().newInstance()).getFunctionName();
                    if (!List.of(symbol.value()).equals(List.of(function))) {
                        throw new IllegalStateException(d.getName() + ": @Symbol " + List.of(symbol.value()) + " but getFunctionName() " + function);
                    }
                    steps.put(function, d.getEnclosingClass());
                }
            }
        }
        return steps;
    }

    private static List<Path> markdown(Path root) throws IOException {
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> s = Files.list(root.resolve("docs"))) {
            files.addAll(s.filter(p -> p.toString().endsWith(".md")).sorted().toList());
        }
        return files;
    }

    private static boolean isArgumentTableHeader(String line) {
        String[] cells = line.split("\\|");
        return line.startsWith("|") && cells.length > 1 && ARGUMENT_TABLES.contains(cells[1].trim().toLowerCase(Locale.ROOT));
    }

    private static String introducedStep(List<String> lines, int table) {
        int i = table - 1;
        while (i >= 0 && lines.get(i).isBlank()) {
            i--;
        }
        return i >= 0 && lines.get(i).stripTrailing().endsWith(":") ? onlyStep(lines.get(i)) : null;
    }

    private static String onlyStep(String text) {
        Matcher m = STEP.matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group());
        }
        return found.size() == 1 ? found.get(0) : null;
    }

    private static List<String> firstColumnNames(List<String> lines, int firstRow) {
        List<String> names = new ArrayList<>();
        for (int i = firstRow; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher m = NAME.matcher(lines.get(i).split("\\|")[1]);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
