package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.BuildTool;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.ValidationException;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def image = openmaruBuild(app: 'shop', mode: 'source', gitUri: 'https://git.example.com/shop.git')}:
 * builds the app's image with S2I from Git, from a file or directory in the workspace ({@code mode: 'binary'},
 * inside {@code node}), or imports a ready image ({@code mode: 'image'}); returns it pinned by digest,
 * {@code repository@sha256:...}, ready for {@code openmaruCanary(image: image, ...)}.
 */
public final class BuildImageStep extends DeliveryStep {
    private final String mode;
    private String gitUri;
    private String gitRef;
    private String contextDir;
    private String sourceSecret;
    private String path;
    private String image;
    private String builderImage;
    private String builderNamespace;
    private String buildTool;
    private Object env;
    private String outputTag;
    private String timeout;
    private transient Workspace.Opener workspace = AgentWorkspace::of;

    @DataBoundConstructor
    public BuildImageStep(String app, String mode) {
        super(app);
        this.mode = mode;
    }

    public String getMode() {
        return mode;
    }

    public String getGitUri() {
        return gitUri;
    }

    @DataBoundSetter
    public void setGitUri(String gitUri) {
        this.gitUri = DeliveryCluster.blankToNull(gitUri);
    }

    public String getGitRef() {
        return gitRef;
    }

    @DataBoundSetter
    public void setGitRef(String gitRef) {
        this.gitRef = DeliveryCluster.blankToNull(gitRef);
    }

    public String getContextDir() {
        return contextDir;
    }

    @DataBoundSetter
    public void setContextDir(String contextDir) {
        this.contextDir = DeliveryCluster.blankToNull(contextDir);
    }

    public String getSourceSecret() {
        return sourceSecret;
    }

    @DataBoundSetter
    public void setSourceSecret(String sourceSecret) {
        this.sourceSecret = DeliveryCluster.blankToNull(sourceSecret);
    }

    public String getPath() {
        return path;
    }

    /** Binary mode: the jar, war or directory to upload, relative to the workspace. */
    @DataBoundSetter
    public void setPath(String path) {
        this.path = DeliveryCluster.blankToNull(path);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = DeliveryCluster.blankToNull(image);
    }

    public String getBuilderImage() {
        return builderImage;
    }

    @DataBoundSetter
    public void setBuilderImage(String builderImage) {
        this.builderImage = DeliveryCluster.blankToNull(builderImage);
    }

    public String getBuilderNamespace() {
        return builderNamespace;
    }

    @DataBoundSetter
    public void setBuilderNamespace(String builderNamespace) {
        this.builderNamespace = DeliveryCluster.blankToNull(builderNamespace);
    }

    public String getBuildTool() {
        return buildTool;
    }

    @DataBoundSetter
    public void setBuildTool(String buildTool) {
        this.buildTool = DeliveryCluster.blankToNull(buildTool);
    }

    public Object getEnv() {
        return env;
    }

    /** The S2I build environment as a map, e.g. {@code [MAVEN_MIRROR_URL: 'http://nexus/maven-public/']}. */
    @DataBoundSetter
    public void setEnv(Object env) {
        this.env = env;
    }

    public String getOutputTag() {
        return outputTag;
    }

    @DataBoundSetter
    public void setOutputTag(String outputTag) {
        this.outputTag = DeliveryCluster.blankToNull(outputTag);
    }

    public String getTimeout() {
        return timeout;
    }

    /** How long the build may take, e.g. {@code 30m} or a whole number of seconds; then it is cancelled and the step fails. */
    @DataBoundSetter
    public void setTimeout(Object timeout) {
        this.timeout = StepMaps.duration(timeout);
    }

    BuildImageStep withWorkspace(Workspace.Opener opener) {
        this.workspace = opener;
        return this;
    }

    @Override
    protected StepExecution execution(StepContext context, AppLocation where, String identity) {
        BuildSpec spec = spec(where);
        if (spec.mode() == BuildMode.BINARY && path == null) {
            throw new ValidationException("path", null, "the jar, war or directory to upload, relative to the workspace, e.g. target/shop.jar");
        }
        if (spec.mode() != BuildMode.BINARY && path != null) {
            throw new ValidationException("path", path, "no path outside binary mode");
        }
        return new BuildImageStepExecution(context, where, spec, path, workspace);
    }

    private BuildSpec spec(AppLocation where) {
        BuildSpec.Builder b = BuildSpec.builder(where.namespace(), where.app().app(), BuildMode.parse("mode", mode))
                .git(gitUri, gitRef)
                .contextDir(contextDir)
                .sourceSecret(sourceSecret)
                .builderImage(builderImage, builderNamespace)
                .buildTool(buildTool == null ? null : BuildTool.parse("buildTool", buildTool))
                .image(image)
                .outputTag(outputTag)
                .timeout(timeout == null ? null : Durations.parse("timeout", timeout));
        StepMaps.strings("env", env, "[MAVEN_MIRROR_URL: 'http://nexus/maven-public/']").forEach(b::env);
        return b.build();
    }

    @Extension
    @Symbol("openmaruBuild")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruBuild";
        }

        @Override
        public String getDisplayName() {
            return "Build or import an app's image (OPENMARU Delivery)";
        }
    }
}
