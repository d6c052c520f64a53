package io.jenkins.plugins.openmaru.model;

import java.util.Locale;

/** How traffic is split between the stable and the candidate slot; null in a spec means "choose automatically". */
public enum RouterKind {
    /** OpenShift Route {@code <app>}: {@code to} + {@code alternateBackends} weights. */
    ROUTE,
    /** Gateway API HTTPRoute {@code <app>}: {@code backendRefs} weights. */
    GATEWAY,
    /** No router: Service {@code <app>} selects the slots and replica counts approximate the weight. */
    REPLICAS;

    /** The value users write: {@code route}, {@code gateway} or {@code replicas}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a user's choice; blank or {@code auto} means automatic (null). */
    public static RouterKind parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("auto")) {
            return null;
        }
        for (RouterKind k : values()) {
            if (k.label().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new ValidationException("router", text, "route, gateway, replicas or auto");
    }
}
