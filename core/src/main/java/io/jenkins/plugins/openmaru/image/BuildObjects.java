package io.jenkins.plugins.openmaru.image;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.BuildConfigBuilder;
import io.fabric8.openshift.api.model.BuildSource;
import io.fabric8.openshift.api.model.BuildSourceBuilder;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.api.model.ImageStreamBuilder;
import io.jenkins.plugins.openmaru.model.BuildMode;
import io.jenkins.plugins.openmaru.model.BuildSpec;
import java.util.List;
import java.util.Map;

/** The ImageStream and BuildConfig a {@link BuildSpec} needs, named after the app as the template names them. */
final class BuildObjects {
    static final String APP_LABEL = "delivery.openmaru.io/app";

    private BuildObjects() {
    }

    static ImageStream imageStream(BuildSpec spec) {
        return new ImageStreamBuilder()
                .withNewMetadata().withName(spec.app()).withLabels(labels(spec)).endMetadata()
                .withNewSpec().withNewLookupPolicy().withLocal(true).endLookupPolicy().endSpec()
                .build();
    }

    static BuildConfig buildConfig(BuildSpec spec) {
        List<EnvVar> env = spec.buildEnvironment().entrySet().stream()
                .map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
        return new BuildConfigBuilder()
                .withNewMetadata().withName(spec.app()).withLabels(labels(spec)).endMetadata()
                .withNewSpec()
                .withRunPolicy("Serial")
                .withSource(source(spec))
                .withNewStrategy().withType("Source").withNewSourceStrategy()
                .withNewFrom().withKind("ImageStreamTag").withNamespace(spec.builderNamespace()).withName(spec.builderImage()).endFrom()
                .withEnv(env)
                .endSourceStrategy().endStrategy()
                .withNewOutput().withNewTo().withKind("ImageStreamTag").withName(spec.app() + ":" + spec.outputTag()).endTo().endOutput()
                .endSpec()
                .build();
    }

    private static BuildSource source(BuildSpec spec) {
        if (spec.mode() == BuildMode.BINARY) {
            return new BuildSourceBuilder().withType("Binary").withNewBinary().endBinary().build();
        }
        BuildSourceBuilder source = new BuildSourceBuilder().withType("Git")
                .withNewGit().withUri(spec.gitUri()).withRef(spec.gitRef().isEmpty() ? null : spec.gitRef()).endGit()
                .withContextDir(spec.contextDir().isEmpty() ? null : spec.contextDir());
        if (!spec.sourceSecret().isEmpty()) {
            source.withNewSourceSecret(spec.sourceSecret());
        }
        return source.build();
    }

    private static Map<String, String> labels(BuildSpec spec) {
        return Map.of("app", spec.app(), APP_LABEL, spec.app());
    }
}
