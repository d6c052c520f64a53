package io.jenkins.plugins.openmaru.model;

import java.util.Locale;

/** One of the two places an app's release can run: Deployment and Service {@code <app>-blue} or {@code <app>-green}. */
public enum Slot {
    BLUE,
    GREEN;

    public Slot other() {
        return this == BLUE ? GREEN : BLUE;
    }

    /** The value of the {@code delivery.openmaru.io/slot} label: {@code blue} or {@code green}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Deployment and Service name of this slot for an app. */
    public String resourceName(String app) {
        return app + "-" + label();
    }

    public static Slot fromLabel(String label) {
        for (Slot s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        throw new ValidationException("slot", label, "blue or green");
    }
}
