package io.jenkins.plugins.openmaru.model;

/**
 * The build tool the S2I builder runs. The vendor template knows only Maven; the Openmaru
 * template adds Gradle, whose artifacts land in a different directory.
 */
public enum BuildTool {
    MAVEN("target"),
    GRADLE("build/libs");

    private final String defaultArtifactDir;

    BuildTool(String defaultArtifactDir) {
        this.defaultArtifactDir = defaultArtifactDir;
    }

    /** Where the tool writes the jar/war when {@code ARTIFACT_DIR} is not given. */
    public String defaultArtifactDir() {
        return defaultArtifactDir;
    }

    /** Parses {@code maven|gradle}, case-insensitively. */
    public static BuildTool parse(String field, String value) {
        return BuildEnums.parse(BuildTool.class, field, value);
    }
}
