package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.image.BinaryInput;
import io.jenkins.plugins.openmaru.engine.guardrail.Preflight;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import io.jenkins.plugins.openmaru.model.BuildTool;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code openmaru build APP --mode source|binary|image ...}: an S2I build (or an image import)
 * into the app's ImageStream. The digest-pinned image is the only thing on stdout, so
 * {@code IMG=$(openmaru build ...)} works; the build log and progress go to stderr.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Build APP's image with S2I from Git (source) or an upload (binary), or import a ready image (image).",
                "Prints the image pinned by digest (repository@sha256:...) on stdout; the build log streams to stderr.",
                "Exit code: 0 built, 1 the build failed or was cancelled, 2 bad input, 3 cluster problem, 130 interrupted (the build is cancelled first)."})
public final class BuildCommand implements Callable<Integer> {
    /** BuildSpec's field names as the user typed them on this command line. */
    private static final Map<String, String> OPTION_OF_FIELD = Map.ofEntries(Map.entry("gitUri", "git-url"), Map.entry("gitRef", "git-ref"),
            Map.entry("contextDir", "context-dir"), Map.entry("sourceSecret", "source-secret"), Map.entry("builderImage", "builder-image"),
            Map.entry("builderNamespace", "builder-namespace"), Map.entry("buildTool", "build-tool"), Map.entry("outputTag", "tag"),
            Map.entry("binary", "from"));

    @ParentCommand
    OpenmaruCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app: names its ImageStream and BuildConfig.")
    String app;

    @Option(names = "--mode", required = true, paramLabel = "MODE", description = "source, binary or image.")
    String mode;

    @Option(names = "--git-url", paramLabel = "URL", description = "source: the Git repository (https://..., ssh://..., git@host:org/repo.git).")
    String gitUrl;

    @Option(names = "--git-ref", paramLabel = "REF", description = "source: branch, tag or commit (default: the repository's default branch).")
    String gitRef;

    @Option(names = "--context-dir", paramLabel = "DIR", description = "source: sub-directory holding the application (default: the root).")
    String contextDir;

    @Option(names = "--source-secret", paramLabel = "SECRET", description = "source: Secret with the Git credentials.")
    String sourceSecret;

    @Option(names = "--from", paramLabel = "PATH", description = "binary: a jar/war file (uploaded as itself) or a directory (uploaded as tar.gz).")
    Path from;

    @Option(names = "--image", paramLabel = "IMG", description = "image: the ready image to import, with a tag or digest.")
    String image;

    @Option(names = "--builder-image", paramLabel = "NAME:TAG",
            description = "source, binary: the S2I builder ImageStreamTag (default " + BuildSpec.DEFAULT_BUILDER_IMAGE + ").")
    String builderImage;

    @Option(names = "--builder-namespace", paramLabel = "NS",
            description = "source, binary: namespace of the builder ImageStream (default " + BuildSpec.DEFAULT_BUILDER_NAMESPACE + ").")
    String builderNamespace;

    @Option(names = "--build-tool", paramLabel = "TOOL", description = "source, binary: maven or gradle (default maven).")
    String buildTool;

    @Option(names = "--env", paramLabel = "K=V", description = "source, binary: build environment variable, e.g. MAVEN_MIRROR_URL=... (repeatable).")
    List<String> env = new ArrayList<>();

    @Option(names = "--tag", paramLabel = "TAG", description = "The ImageStream tag the image is recorded under (default latest).")
    String tag;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "How long the build may take before it is cancelled (default ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        // Opening the session reads the kubeconfig only; everything is validated before the first request.
        try (ClusterSession session = new ClusterSession(parent)) {
            BuildSpec buildSpec = buildSpec(session.namespace());
            BinaryInput upload = upload(buildSpec.mode());
            Preflight.build(session.client(), ClusterSession.guardrails(parent), buildSpec)
                    .forEach(w -> spec.commandLine().getErr().println("openmaru: " + w.message()));
            return new BuildCommandRunner(session, spec.commandLine().getOut(), spec.commandLine().getErr()).run(buildSpec, upload);
        }
    }

    private BuildSpec buildSpec(String namespace) {
        try {
            BuildSpec.Builder b = BuildSpec.builder(namespace, app, BuildMode.parse("mode", mode))
                    .git(gitUrl, gitRef).contextDir(contextDir).sourceSecret(sourceSecret)
                    .builderImage(builderImage, builderNamespace).image(image).outputTag(tag)
                    .timeout(Durations.parse("timeout", timeout));
            if (buildTool != null) {
                b.buildTool(BuildTool.parse("build-tool", buildTool));
            }
            RolloutOptions.keyValues("env", env).forEach(b::env);
            return b.build();
        } catch (ValidationException e) {
            throw asOption(e);
        }
    }

    /** What binary mode uploads; giving {@code --from} in another mode is a mistake worth naming. */
    private BinaryInput upload(BuildMode buildMode) {
        if (buildMode != BuildMode.BINARY) {
            if (from != null) {
                throw new ValidationException("from", from, "no upload outside binary mode");
            }
            return null;
        }
        if (from == null) {
            throw new ValidationException("from", null, "a file or directory to upload in binary mode (--from PATH)");
        }
        try {
            return Files.isDirectory(from) ? BinaryInput.directory(from) : BinaryInput.file(from);
        } catch (ValidationException e) {
            throw asOption(e);
        }
    }

    private static ValidationException asOption(ValidationException e) {
        String option = OPTION_OF_FIELD.get(e.field());
        return option == null ? e : new ValidationException(option, e.getMessage().substring(e.field().length() + 2));
    }
}
