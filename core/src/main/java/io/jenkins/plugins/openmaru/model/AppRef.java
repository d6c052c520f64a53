package io.jenkins.plugins.openmaru.model;

import java.util.regex.Pattern;

/**
 * An app in a namespace: the unit the engine drives. The app name becomes part of resource names
 * ({@code <app>-green}, {@code <app>-delivery}), so it must be a DNS-1035 label short enough for them.
 */
public record AppRef(String namespace, String app) {
    private static final Pattern DNS_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** 63 minus the longest suffix we add ({@code -delivery}). */
    public static final int MAX_APP_LENGTH = 54;

    public AppRef {
        if (namespace == null || namespace.length() > 63 || !DNS_1123.matcher(namespace).matches()) {
            throw new ValidationException("namespace", namespace, "a DNS-1123 label (lower case letters, digits, '-'; at most 63 characters)");
        }
        if (app == null || app.length() > MAX_APP_LENGTH || !DNS_1035.matcher(app).matches()) {
            throw new ValidationException("app", app,
                    "a DNS-1035 label (starts with a lower case letter; letters, digits, '-'; at most " + MAX_APP_LENGTH + " characters)");
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + app;
    }
}
