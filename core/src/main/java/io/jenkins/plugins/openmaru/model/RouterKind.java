package io.jenkins.plugins.openmaru.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How traffic is split between the stable and the candidate slot; null in a spec means "choose automatically".
 * The labels and titles here are the only list of routers: messages, the Jenkins form and the CLI help read them.
 */
public enum RouterKind {
    /** OpenShift Route {@code <app>}: {@code to} + {@code alternateBackends} weights. */
    ROUTE("route", "OpenShift Route"),
    /** Gateway API HTTPRoute {@code <app>}: {@code backendRefs} weights. */
    GATEWAY("gateway", "Gateway API HTTPRoute"),
    /** No router: Service {@code <app>} selects the slots and replica counts approximate the weight. */
    REPLICAS("replicas", "replica ratio (no router)");

    /** What users write for "choose automatically". */
    public static final String AUTO = "auto";

    private final String label;
    private final String title;

    RouterKind(String label, String title) {
        this.label = label;
        this.title = title;
    }

    /** The value users write: {@code route}, {@code gateway} or {@code replicas}. */
    public String label() {
        return label;
    }

    /** What a person reads in a list of choices, e.g. {@code OpenShift Route}. */
    public String title() {
        return title;
    }

    /** Every value a user may write: the labels, then {@code auto}. */
    public static List<String> choices() {
        List<String> all = new ArrayList<>(Arrays.stream(values()).map(RouterKind::label).toList());
        all.add(AUTO);
        return all;
    }

    /** The allowed values as messages list them: {@code route, gateway, replicas or auto}. */
    public static String allowed() {
        return Choices.either(choices());
    }

    /** Parses a user's choice; blank or {@code auto} means automatic (null). */
    public static RouterKind parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase(AUTO)) {
            return null;
        }
        for (RouterKind k : values()) {
            if (k.label().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new ValidationException("router", text, allowed());
    }
}
