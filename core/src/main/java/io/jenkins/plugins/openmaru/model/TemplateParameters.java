package io.jenkins.plugins.openmaru.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values a user gives a template's parameters ({@code -p NAME=value}). Whether each name exists
 * and whether required ones are present is decided against the template itself, at processing.
 */
public record TemplateParameters(Map<String, String> values) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public TemplateParameters {
        values = Map.copyOf(values == null ? Map.of() : values);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new ValidationException("parameters." + e.getKey(), e.getKey(), "a parameter name of letters, digits and '_'");
            }
        }
    }

    /** Parses {@code NAME=value} pairs; the value may be empty and may contain '='. */
    public static TemplateParameters parse(List<String> pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            String pair = pairs.get(i);
            int eq = pair == null ? -1 : pair.indexOf('=');
            if (eq <= 0) {
                throw new ValidationException("parameters[" + i + "]", pair, "NAME=value");
            }
            String name = pair.substring(0, eq).trim();
            if (values.put(name, pair.substring(eq + 1)) != null) {
                throw new ValidationException("parameters[" + i + "]", pair, "each parameter at most once; " + name + " is repeated");
            }
        }
        return new TemplateParameters(values);
    }
}
