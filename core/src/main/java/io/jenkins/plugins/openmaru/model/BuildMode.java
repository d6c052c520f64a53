package io.jenkins.plugins.openmaru.model;

/** The three ways an image reaches the cluster (the seed's ①②③). */
public enum BuildMode {
    /** S2I from a Git repository. */
    SOURCE,
    /** S2I from an uploaded jar/war or directory. */
    BINARY,
    /** A ready image, imported into the app's ImageStream by digest; nothing is built. */
    IMAGE;

    /** Parses {@code source|binary|image}, case-insensitively. */
    public static BuildMode parse(String field, String value) {
        return BuildEnums.parse(BuildMode.class, field, value);
    }
}
