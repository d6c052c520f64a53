package io.jenkins.plugins.openmaru.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a candidate replaces the stable release. */
public enum Strategy {
    /** Traffic moves to the candidate slot in weighted steps. */
    CANARY("canary"),
    /** The candidate slot is tested at 0 % and then takes 100 % in one switch. */
    BLUE_GREEN("blue-green"),
    /** One Deployment is updated in place by its native rolling update. */
    ROLLING("rolling");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    /** How logs, status documents, the UI and the CLI print the strategy. */
    public String label() {
        return label;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Strategy::label).toList();
    }

    /** The allowed values as messages and help list them. */
    public static String allowed() {
        return Choices.either(labels());
    }

    /**
     * Parses a user's choice. Besides the label, the spellings accepted before it existed still parse:
     * {@code bluegreen} (the CLI), {@code blueGreen} and {@code blue_green}, in any case.
     */
    public static Strategy parse(String field, String text) {
        String given = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Strategy s : values()) {
            if (s.label.equals(given) || s.label.replace("-", "").equals(given)) {
                return s;
            }
        }
        throw new ValidationException(field, text, allowed());
    }
}
