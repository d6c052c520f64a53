package io.jenkins.plugins.openmaru.model;

import java.util.List;

/** How messages and help list the values a field allows: {@code canary, blue-green or rolling}. */
public final class Choices {
    private Choices() {
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    public static String either(List<String> labels) {
        if (labels.size() < 2) {
            return String.join("", labels);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.get(labels.size() - 1);
    }
}
