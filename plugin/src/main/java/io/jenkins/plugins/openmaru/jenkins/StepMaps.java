package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the Groovy values a Jenkinsfile passes ({@code [NAME: 'value']}, {@code 1}, {@code '25%'}) into the text the
 * model validates, so a wrong value fails at start with a message naming the parameter instead of a ClassCastException
 * while the step is bound.
 */
final class StepMaps {
    private StepMaps() {}

    /**
     * @param example how a correct value looks, for the error message
     * @return an empty map for null; values are {@code String.valueOf}, null becomes empty
     */
    static Map<String, String> strings(String field, Object value, String example) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new ValidationException(field, value, "a map such as " + example);
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }

    /**
     * An int-or-string value, as Kubernetes takes {@code maxSurge}: {@code 1} and {@code '1'} alike become {@code "1"}.
     * Anything else keeps its text, which the model then refuses naming the field.
     *
     * @return null for null or blank, which means the default
     */
    static String text(Object value) {
        return value == null ? null : DeliveryCluster.blankToNull(String.valueOf(value));
    }

    /**
     * A duration written as text ({@code '10m'}) or as a whole number of seconds ({@code 600}, read as {@code 600s}).
     * A text without a unit stays refused by the model: {@code '600'} could mean seconds or minutes.
     *
     * @return null for null or blank, which means the default
     */
    static String duration(Object value) {
        Long seconds = Durations.wholeSeconds(value);
        return seconds != null ? seconds + "s" : text(value);
    }
}
