package io.jenkins.plugins.openmaru.image;

/**
 * One declared parameter of an OpenShift Template.
 *
 * @param name the {@code NAME} in {@code ${NAME}}
 * @param value default value, or empty
 * @param required whether processing fails when no value results
 * @param generate {@code expression} when a value is generated from {@code from}, else empty
 * @param from generator pattern such as {@code [a-zA-Z0-9]{16}}
 * @param description what the parameter is for
 */
public record TemplateParameter(String name, String value, boolean required, String generate, String from, String description) {
    public TemplateParameter {
        value = value == null ? "" : value;
        generate = generate == null ? "" : generate;
        from = from == null ? "" : from;
        description = description == null ? "" : description;
    }
}
