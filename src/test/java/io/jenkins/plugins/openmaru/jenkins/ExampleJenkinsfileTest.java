package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;

/** The example Jenkinsfile calls only steps that exist, with arguments they take. */
class ExampleJenkinsfileTest {
    private static final Path CLASSES = Path.of(System.getProperty("openmaru.classes.dir", "target/classes"));
    private static final Pattern CALL = Pattern.compile("\\b(openmaru[A-Z]\\w*)\\b");
    private static final Pattern KEY = Pattern.compile("(\\w+)\\s*:");

    @Test
    void everyStepCallUsesArgumentsTheStepTakes() throws Exception {
        String text = Files.readString(Path.of("examples/Jenkinsfile"));
        Map<String, Class<?>> steps = stepsBySymbol();
        Set<String> called = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            called.add(name);
            Class<?> step = steps.get(name);
            if (step == null) {
                unknown.add(name + " (no such step)");
                continue;
            }
            List<String> fields = ViewsAndHelpTest.dataBoundFields(step);
            for (String key : topLevelKeys(arguments(text, m.end()))) {
                if (!fields.contains(key)) {
                    unknown.add(name + "." + key);
                }
            }
        }
        assertThat(unknown).isEmpty();
        assertThat(called).contains("openmaruApply", "openmaruBuild", "openmaruCanary", "openmaruStatus", "openmaruRollback");
        assertThat(text.indexOf("openmaruApply")).isLessThan(text.indexOf("openmaruBuild"));
        assertThat(text).containsPattern("env\\.IMAGE = openmaruBuild").containsPattern("openmaruCanary[^\\n]*image: env\\.IMAGE");
    }

    /** The argument text of a call: up to the end of the line where no bracket is open and the line does not end with a comma. */
    private static String arguments(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if (c == ']' || c == ')' || c == '}') {
                depth--;
            } else if (c == '\n' && depth <= 0 && !text.substring(from, i).stripTrailing().endsWith(",")) {
                return text.substring(from, i);
            }
        }
        return text.substring(from);
    }

    /** Named arguments outside any nested list or map, leaving string literals out. */
    private static List<String> topLevelKeys(String args) {
        StringBuilder outer = new StringBuilder();
        int depth = 0;
        char quote = 0;
        for (char c : args.toCharArray()) {
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (depth == 0) {
                outer.append(c);
            }
        }
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(outer);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static Map<String, Class<?>> stepsBySymbol() throws Exception {
        Map<String, Class<?>> steps = new HashMap<>();
        try (Stream<Path> s = Files.list(CLASSES.resolve("io/jenkins/plugins/openmaru/jenkins"))) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith("$DescriptorImpl.class")).toList()) {
                Class<?> d = Class.forName("io.jenkins.plugins.openmaru.jenkins." + p.getFileName().toString().replace(".class", ""));
                Symbol symbol = d.getAnnotation(Symbol.class);
                if (symbol != null) {
                    for (String name : symbol.value()) {
                        steps.put(name, d.getEnclosingClass());
                    }
                }
            }
        }
        return steps;
    }
}
