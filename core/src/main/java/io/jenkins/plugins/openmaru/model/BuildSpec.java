package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to build (or import) for one app, validated once here so a bad value fails before the
 * cluster is touched. The output always lands in the ImageStream named after the app.
 *
 * @param namespace project the BuildConfig, ImageStream and Builds live in
 * @param app application name; names the ImageStream, the BuildConfig and the slots
 * @param mode source, binary or image
 * @param gitUri Git repository (source mode)
 * @param gitRef branch, tag or commit; blank for the repository's default branch
 * @param contextDir sub-directory of the repository holding the application; blank for the root
 * @param sourceSecret Secret with Git credentials; blank for none
 * @param builderImage S2I builder ImageStreamTag, {@code name:tag}
 * @param builderNamespace namespace of the builder ImageStream (the seed's default: {@code openshift})
 * @param buildTool Maven or Gradle
 * @param env build environment ({@code MAVEN_MIRROR_URL}, {@code ARTIFACT_DIR}, {@code JAVA_OPTIONS}, ...)
 * @param image ready image to import (image mode), with a tag or a digest
 * @param outputTag ImageStream tag the result is recorded under
 * @param timeout how long the whole build may take before it is cancelled
 */
public record BuildSpec(
        String namespace,
        String app,
        BuildMode mode,
        String gitUri,
        String gitRef,
        String contextDir,
        String sourceSecret,
        String builderImage,
        String builderNamespace,
        BuildTool buildTool,
        Map<String, String> env,
        String image,
        String outputTag,
        Duration timeout) {

    public static final String DEFAULT_BUILDER_IMAGE = "java:openjdk-17-ubi8";
    public static final String DEFAULT_BUILDER_NAMESPACE = "openshift";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern IMAGE_STREAM_TAG = Pattern.compile("[a-z0-9]([-a-z0-9._]*[a-z0-9])?:[\\w][\\w.-]{0,127}");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern GIT_URI = Pattern.compile("(https?|ssh|git|file)://\\S+|[\\w.-]+@[\\w.-]+:\\S+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Room for the {@code -green} suffix of the slot names within a 63-character DNS label. */
    private static final int MAX_APP_LENGTH = 57;

    public BuildSpec {
        Objects.requireNonNull(mode, "mode");
        requireDnsLabel("namespace", namespace, 63);
        requireDnsLabel("app", app, MAX_APP_LENGTH);
        gitRef = blankToEmpty(gitRef);
        contextDir = blankToEmpty(contextDir);
        sourceSecret = blankToEmpty(sourceSecret);
        builderImage = orDefault(builderImage, DEFAULT_BUILDER_IMAGE);
        builderNamespace = orDefault(builderNamespace, DEFAULT_BUILDER_NAMESPACE);
        buildTool = buildTool == null ? BuildTool.MAVEN : buildTool;
        env = Map.copyOf(env == null ? Map.of() : env);
        outputTag = orDefault(outputTag, "latest");
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;

        if (mode == BuildMode.SOURCE && (gitUri == null || !GIT_URI.matcher(gitUri).matches())) {
            throw new ValidationException("gitUri", gitUri, "a Git URL such as https://host/org/repo.git or git@host:org/repo.git");
        }
        if (mode != BuildMode.SOURCE && gitUri != null && !gitUri.isBlank()) {
            throw new ValidationException("gitUri", gitUri, "no Git URL in " + mode.name().toLowerCase(java.util.Locale.ROOT) + " mode");
        }
        if (contextDir.startsWith("/") || contextDir.contains("..")) {
            throw new ValidationException("contextDir", contextDir, "a relative path inside the repository without '..'");
        }
        if (!sourceSecret.isEmpty()) {
            requireDnsLabel("sourceSecret", sourceSecret, 253);
        }
        if (!IMAGE_STREAM_TAG.matcher(builderImage).matches()) {
            throw new ValidationException("builderImage", builderImage, "an ImageStreamTag name:tag such as " + DEFAULT_BUILDER_IMAGE);
        }
        requireDnsLabel("builderNamespace", builderNamespace, 63);
        if (!TAG.matcher(outputTag).matches()) {
            throw new ValidationException("outputTag", outputTag, "an image tag such as latest");
        }
        if (mode == BuildMode.IMAGE && !ImageReferences.isPinnedOrTagged(image)) {
            throw new ValidationException("image", image, "an image reference with a tag or digest, e.g. quay.io/org/app:1.2 or quay.io/org/app@sha256:<64 hex>");
        }
        if (mode != BuildMode.IMAGE && image != null && !image.isBlank()) {
            throw new ValidationException("image", image, "no image outside image mode");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ValidationException("timeout", timeout, "a positive duration such as 30m");
        }
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches()) {
                throw new ValidationException("env", name, "an environment variable name of letters, digits and '_'");
            }
        }
    }

    /**
     * The S2I build environment: the given env plus {@code BUILD_TOOL} and, unless set, the tool's
     * {@code ARTIFACT_DIR}; blank values are left out so the builder's own defaults apply.
     */
    public Map<String, String> buildEnvironment() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("BUILD_TOOL", buildTool.name().toLowerCase(java.util.Locale.ROOT));
        result.put("ARTIFACT_DIR", buildTool.defaultArtifactDir());
        env.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                result.put(k, v);
            }
        });
        return result;
    }

    /** A builder for the many optional fields; {@link #build()} validates. */
    public static Builder builder(String namespace, String app, BuildMode mode) {
        return new Builder(namespace, app, mode);
    }

    private static void requireDnsLabel(String field, String value, int maxLength) {
        if (value == null || value.length() > maxLength || !DNS_LABEL.matcher(value).matches()) {
            throw new ValidationException(field, value,
                    "lower-case letters, digits and '-', starting and ending with a letter or digit, at most " + maxLength + " characters");
        }
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    /** Collects the optional fields of a {@link BuildSpec}. */
    public static final class Builder {
        private final String namespace;
        private final String app;
        private final BuildMode mode;
        private String gitUri;
        private String gitRef;
        private String contextDir;
        private String sourceSecret;
        private String builderImage;
        private String builderNamespace;
        private BuildTool buildTool;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String image;
        private String outputTag;
        private Duration timeout;

        private Builder(String namespace, String app, BuildMode mode) {
            this.namespace = namespace;
            this.app = app;
            this.mode = mode;
        }

        public Builder git(String uri, String ref) {
            this.gitUri = uri;
            this.gitRef = ref;
            return this;
        }

        public Builder contextDir(String value) {
            this.contextDir = value;
            return this;
        }

        public Builder sourceSecret(String value) {
            this.sourceSecret = value;
            return this;
        }

        public Builder builderImage(String imageStreamTag, String imageStreamNamespace) {
            this.builderImage = imageStreamTag;
            this.builderNamespace = imageStreamNamespace;
            return this;
        }

        public Builder buildTool(BuildTool value) {
            this.buildTool = value;
            return this;
        }

        public Builder env(String name, String value) {
            this.env.put(name, value);
            return this;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder outputTag(String value) {
            this.outputTag = value;
            return this;
        }

        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public BuildSpec build() {
            return new BuildSpec(namespace, app, mode, gitUri, gitRef, contextDir, sourceSecret, builderImage,
                    builderNamespace, buildTool, env, image, outputTag, timeout);
        }
    }
}
