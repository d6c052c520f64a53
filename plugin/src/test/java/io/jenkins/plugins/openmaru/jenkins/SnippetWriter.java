package io.jenkins.plugins.openmaru.jenkins;

import java.util.List;
import java.util.Map;
import javax.lang.model.SourceVersion;

/** Writes a step call as the Snippet Generator does (workflow-cps' {@code Snippetizer.object2Groovy}). */
final class SnippetWriter {
    private SnippetWriter() {}

    /** {@code openmaruX key: value, ...}; {@code openmaruX()} without arguments; the lone required argument unnamed. */
    static String call(String function, Class<?> step, Map<String, Object> arguments) {
        StringBuilder b = new StringBuilder(function);
        boolean parentheses = arguments.isEmpty() || (arguments.size() == 1 && isMapOrList(arguments.values().iterator().next()));
        b.append(parentheses ? '(' : ' ');
        if (StrictStepBinder.soleRequiredArgument(step, arguments)) {
            value(b, arguments.values().iterator().next());
        } else {
            entries(b, arguments);
        }
        return parentheses ? b.append(')').toString() : b.toString();
    }

    private static boolean isMapOrList(Object o) {
        return o instanceof Map<?, ?> || o instanceof List<?>;
    }

    private static void value(StringBuilder b, Object o) {
        if (o == null) {
            b.append("null");
        } else if (o instanceof String s) {
            String escaped = s.replace("\\", "\\\\").replace("'", "\\'");
            b.append(s.contains("\n") ? "'''" + escaped + "'''" : "'" + escaped + "'");
        } else if (o instanceof Number || o instanceof Boolean) {
            b.append(o);
        } else if (o instanceof List<?> list) {
            b.append('[');
            for (int i = 0; i < list.size(); i++) {
                b.append(i == 0 ? "" : ", ");
                value(b, list.get(i));
            }
            b.append(']');
        } else if (o instanceof Map<?, ?> map) {
            b.append('[');
            entries(b, map);
            b.append(']');
        } else {
            b.append("<object of type ").append(o.getClass().getCanonicalName()).append('>');
        }
    }

    private static void entries(StringBuilder b, Map<?, ?> map) {
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            b.append(first ? "" : ", ");
            first = false;
            if (e.getKey() instanceof String k && SourceVersion.isName(k)) {
                b.append(k);
            } else {
                value(b, e.getKey());
            }
            b.append(": ");
            value(b, e.getValue());
        }
    }
}
