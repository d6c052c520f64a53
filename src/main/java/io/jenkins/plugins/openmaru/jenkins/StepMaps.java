package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a Groovy map argument ({@code [NAME: 'value']}) into strings, naming the parameter when it is not a map. */
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
}
