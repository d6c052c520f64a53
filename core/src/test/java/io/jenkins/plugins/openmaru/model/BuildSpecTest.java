package io.jenkins.plugins.openmaru.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildSpecTest {
    static BuildSpec.Builder source() {
        return BuildSpec.builder("team", "shop", BuildMode.SOURCE).git("https://git.example.com/team/shop.git", "main");
    }

    @Test
    void defaultsFollowTheSeedTemplate() {
        BuildSpec spec = source().build();
        assertThat(spec.builderNamespace()).isEqualTo("openshift");
        assertThat(spec.builderImage()).isEqualTo("java:openjdk-17-ubi8");
        assertThat(spec.buildTool()).isEqualTo(BuildTool.MAVEN);
        assertThat(spec.outputTag()).isEqualTo("latest");
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.buildEnvironment()).containsExactly(
                java.util.Map.entry("BUILD_TOOL", "maven"), java.util.Map.entry("ARTIFACT_DIR", "target"));
    }

    @Test
    void gradleChangesTheArtifactDirectoryUnlessOneIsGiven() {
        assertThat(source().buildTool(BuildTool.GRADLE).build().buildEnvironment()).containsEntry("ARTIFACT_DIR", "build/libs");
        assertThat(source().buildTool(BuildTool.GRADLE).env("ARTIFACT_DIR", "dist").env("MAVEN_MIRROR_URL", " ").build().buildEnvironment())
                .containsEntry("ARTIFACT_DIR", "dist").doesNotContainKey("MAVEN_MIRROR_URL");
    }

    @Test
    void everyBadFieldIsNamedWithWhatIsAllowed() {
        assertThatThrownBy(() -> BuildSpec.builder("team", "Shop_1", BuildMode.SOURCE).build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("app: Shop_1 is not allowed; expected lower-case");
        assertThatThrownBy(() -> BuildSpec.builder("team", "a".repeat(58), BuildMode.IMAGE).build())
                .hasMessageContaining("at most 57 characters");
        assertThatThrownBy(() -> BuildSpec.builder("team", "shop", BuildMode.SOURCE).build())
                .hasMessageStartingWith("gitUri: null is not allowed; expected a Git URL");
        assertThatThrownBy(() -> BuildSpec.builder("team", "shop", BuildMode.BINARY).git("https://x/y.git", null).build())
                .hasMessageStartingWith("gitUri: https://x/y.git is not allowed; expected no Git URL in binary mode");
        assertThatThrownBy(() -> source().contextDir("../etc").build()).hasMessageStartingWith("contextDir: ../etc");
        assertThatThrownBy(() -> source().builderImage("java", "openshift").build()).hasMessageStartingWith("builderImage: java");
        assertThatThrownBy(() -> source().timeout(Duration.ZERO).build()).hasMessageStartingWith("timeout: PT0S");
        assertThatThrownBy(() -> source().env("BAD-NAME", "x").build()).hasMessageStartingWith("env: BAD-NAME");
        assertThatThrownBy(() -> BuildSpec.builder("team", "shop", BuildMode.IMAGE).image("quay.io/org/app").build())
                .hasMessageStartingWith("image: quay.io/org/app is not allowed; expected an image reference with a tag or digest");
        assertThatThrownBy(() -> source().image("quay.io/org/app:1").build()).hasMessageStartingWith("image: quay.io/org/app:1");
    }

    @Test
    void modesAndToolsParseCaseInsensitivelyAndListTheChoices() {
        assertThat(BuildMode.parse("mode", "Binary")).isEqualTo(BuildMode.BINARY);
        assertThat(BuildTool.parse("buildTool", "GRADLE")).isEqualTo(BuildTool.GRADLE);
        assertThatThrownBy(() -> BuildMode.parse("mode", "docker"))
                .hasMessage("mode: docker is not allowed; expected one of source|binary|image");
        assertThat(BuildPhase.of("Complete")).isEqualTo(BuildPhase.COMPLETE);
        assertThat(BuildPhase.of(null)).isEqualTo(BuildPhase.NEW);
        assertThat(BuildPhase.CANCELLED.apiName()).isEqualTo("Cancelled");
    }

    @Test
    void imageReferencesAreReadAndPinned() {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        assertThat(ImageReferences.isPinnedOrTagged("registry.local:5000/team/app:1.2")).isTrue();
        assertThat(ImageReferences.isPinnedOrTagged("registry.local:5000/team/app")).isFalse();
        assertThat(ImageReferences.repository("registry.local:5000/team/app:1.2@" + digest)).isEqualTo("registry.local:5000/team/app");
        assertThat(ImageReferences.digest("registry.local:5000/team/app@" + digest)).isEqualTo(digest);
        assertThat(ImageReferences.pinned("quay.io/a/b:3", digest)).isEqualTo("quay.io/a/b@" + digest);
        assertThatThrownBy(() -> new BuildResult("shop", BuildMode.IMAGE, "", "quay.io/a/b:3", digest, Duration.ZERO))
                .hasMessageContaining("is not pinned");
    }
}
