package io.jenkins.plugins.openmaru.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive enum parsing with a field-named error, shared by the build model's enums. */
final class BuildEnums {
    private BuildEnums() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        if (value != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.trim())) {
                    return e;
                }
            }
        }
        throw new ValidationException(field, value, "one of " + allowed(type));
    }

    static <E extends Enum<E>> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining("|"));
    }
}
