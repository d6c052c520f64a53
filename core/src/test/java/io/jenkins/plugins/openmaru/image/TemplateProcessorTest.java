package io.jenkins.plugins.openmaru.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.api.model.Route;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemplateProcessorTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "APPLICATION_NAME", "shop",
            "SOURCE_REPOSITORY_URL", "https://git.example.com/team/shop.git");

    private final TemplateProcessor processor = new TemplateProcessor(new Random(42));

    private List<HasMetadata> openmaru(Map<String, String> values) {
        return processor.process(TemplateDocument.openmaruJava(), new TemplateParameters(values)).objects();
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " not in " + objects));
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void openmaruTemplateCreatesTheEngineSlotLayout() {
        List<HasMetadata> objects = openmaru(REQUIRED);

        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
                "ImageStream/shop", "BuildConfig/shop", "ConfigMap/shop-config", "Deployment/shop-blue",
                "Deployment/shop-green", "Service/shop-blue", "Service/shop-green", "Route/shop", "NetworkPolicy/shop-ingress",
                "NetworkPolicy/shop-egress", "ServiceAccount/shop-deployer", "Role/shop-deployer", "RoleBinding/shop-deployer");
        Deployment blue = find(objects, Deployment.class, "shop-blue");
        Deployment green = find(objects, Deployment.class, "shop-green");
        assertThat(blue.getSpec().getReplicas()).isEqualTo(1);
        assertThat(green.getSpec().getReplicas()).isZero();
        for (String slot : List.of("blue", "green")) {
            Deployment d = find(objects, Deployment.class, "shop-" + slot);
            Map<String, String> labels = Map.of("delivery.openmaru.io/app", "shop", "delivery.openmaru.io/slot", slot);
            assertThat(d.getApiVersion()).isEqualTo("apps/v1");
            assertThat(d.getMetadata().getLabels()).containsAllEntriesOf(labels);
            assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(labels);
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(labels);
            Service s = find(objects, Service.class, "shop-" + slot);
            assertThat(s.getSpec().getSelector()).isEqualTo(labels);
            assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        }
        Route route = find(objects, Route.class, "shop");
        assertThat(route.getSpec().getTo().getName()).isEqualTo("shop-blue");
        assertThat(route.getSpec().getTo().getWeight()).isEqualTo(100);
        assertThat(find(objects, ImageStream.class, "shop").getSpec().getLookupPolicy().getLocal()).isTrue();
        assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry("template", "openmaru-java"));
    }

    @Test
    void deploymentsCarryTheSeedSecurityAndOperationsPractices() {
        List<HasMetadata> objects = openmaru(Map.of(
                "APPLICATION_NAME", "shop",
                "SOURCE_REPOSITORY_URL", "https://git.example.com/team/shop.git",
                "HEALTH_CHECK_URL", "/actuator/health",
                "MEMORY_LIMIT", "2Gi",
                "CPU_LIMIT", "500m",
                "TZ", "UTC",
                "MAX_METASPACE_SIZE", "512"));
        for (String slot : List.of("blue", "green")) {
            var pod = find(objects, Deployment.class, "shop-" + slot).getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health");
            assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
            assertThat(c.getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getPrivileged()).isNull();
            assertThat(c.getEnvFrom()).hasSize(2);
            assertThat(c.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("shop-config");
            assertThat(c.getEnvFrom().get(1).getSecretRef().getName()).isEqualTo("shop-secret");
            assertThat(c.getEnvFrom().get(1).getSecretRef().getOptional()).isTrue();
            assertThat(env(c, "TZ")).isEqualTo("UTC");
            assertThat(env(c, "JAVA_OPTIONS")).isEqualTo("-Dfile.encoding=UTF-8 -Dspring.profiles.active=dev -XX:MaxMetaspaceSize=512m");
            assertThat(c.getVolumeMounts()).as("logs go to stdout, not to a volume").isEmpty();
        }
        NetworkPolicy policy = find(objects, NetworkPolicy.class, "shop-ingress");
        assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsEntry("delivery.openmaru.io/app", "shop");
        assertThat(policy.getSpec().getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
        assertThat(find(objects, ConfigMap.class, "shop-config").getData()).isNullOrEmpty();
    }

    @Test
    void theEgressPolicyAllowsDnsTheProjectAndOnlyTheGivenDestinations() {
        NetworkPolicy closed = find(openmaru(REQUIRED), NetworkPolicy.class, "shop-egress");
        Map<String, String> values = new java.util.HashMap<>(REQUIRED);
        values.put("ALLOWED_EGRESS_CIDRS", "[{\"ipBlock\":{\"cidr\":\"10.20.30.0/24\"}},{\"ipBlock\":{\"cidr\":\"10.20.31.5/32\"}}]");
        NetworkPolicy db = find(openmaru(values), NetworkPolicy.class, "shop-egress");

        assertThat(db.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(db.getSpec().getPodSelector().getMatchLabels()).containsEntry("delivery.openmaru.io/app", "shop");
        assertThat(db.getSpec().getEgress().get(0).getTo()).as("DNS to any destination").isNullOrEmpty();
        assertThat(db.getSpec().getEgress().get(0).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                .containsExactly("UDP/53", "TCP/53", "UDP/5353", "TCP/5353");
        assertThat(db.getSpec().getEgress().get(1).getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).as("every pod of the project").isNullOrEmpty());
        assertThat(db.getSpec().getEgress().get(2).getTo()).extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("10.20.30.0/24", "10.20.31.5/32");
        assertThat(closed.getSpec().getEgress().get(2).getTo()).as("the default opens nothing beyond the pod itself")
                .extracting(peer -> peer.getIpBlock().getCidr()).containsExactly("127.0.0.1/32");
    }

    @Test
    void theDeployerHasExactlyTheRbacOfTheCanaryPage() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/canary.md"));
        int section = page.indexOf("## RBAC the engine needs");
        int start = page.indexOf("```yaml", section) + "```yaml".length();
        Role documented = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(page.substring(start, page.indexOf("```", start)), Role.class);
        List<HasMetadata> objects = openmaru(REQUIRED);

        Role role = find(objects, Role.class, "shop-deployer");
        RoleBinding binding = find(objects, RoleBinding.class, "shop-deployer");

        assertThat(documented.getRules()).hasSize(7);
        assertThat(role.getRules()).isEqualTo(documented.getRules());
        assertThat(binding.getRoleRef().getKind() + "/" + binding.getRoleRef().getName()).isEqualTo("Role/shop-deployer");
        assertThat(binding.getSubjects()).extracting(x -> x.getKind() + "/" + x.getName()).containsExactly("ServiceAccount/shop-deployer");
        assertThat(find(objects, ServiceAccount.class, "shop-deployer")).isNotNull();
    }

    @Test
    void buildConfigTakesTheBuildParametersAndDropsABlankSourceSecret() {
        BuildConfig plain = find(openmaru(REQUIRED), BuildConfig.class, "shop");
        assertThat(plain.getSpec().getSource().getSourceSecret()).isNull();
        assertThat(plain.getSpec().getStrategy().getSourceStrategy().getFrom().getNamespace()).isEqualTo("openshift");
        assertThat(plain.getSpec().getOutput().getTo().getName()).isEqualTo("shop:latest");
        assertThat(plain.getSpec().getTriggers().get(0).getGeneric().getSecret()).matches("[a-zA-Z0-9]{40}");

        Map<String, String> values = new java.util.HashMap<>(REQUIRED);
        values.putAll(Map.of("SOURCE_SECRET", "gitlab", "BUILD_TOOL", "gradle", "ARTIFACT_DIR", "build/libs",
                "MAVEN_MIRROR_URL", "http://nexus.local/repository/maven-public/", "SOURCE_REPOSITORY_REF", "master",
                "IMAGE_STREAM_NAMESPACE", "builders"));
        BuildConfig bc = find(openmaru(values), BuildConfig.class, "shop");
        assertThat(bc.getSpec().getSource().getSourceSecret().getName()).isEqualTo("gitlab");
        assertThat(bc.getSpec().getSource().getGit().getRef()).isEqualTo("master");
        assertThat(bc.getSpec().getStrategy().getSourceStrategy().getFrom().getNamespace()).isEqualTo("builders");
        assertThat(bc.getSpec().getStrategy().getSourceStrategy().getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("BUILD_TOOL", "gradle"),
                        org.assertj.core.groups.Tuple.tuple("ARTIFACT_DIR", "build/libs"),
                        org.assertj.core.groups.Tuple.tuple("MAVEN_MIRROR_URL", "http://nexus.local/repository/maven-public/"));
    }

    @Test
    void unknownAndMissingRequiredParametersAreAllListedInOneError() {
        assertThatThrownBy(() -> openmaru(Map.of("APPLICATON_NAME", "typo", "FOO", "x")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown [APPLICATON_NAME, FOO]")
                .hasMessageContaining("declares [APPLICATION_NAME,")
                .hasMessageContaining("required but not given [APPLICATION_NAME, SOURCE_REPOSITORY_URL]")
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("parameters");
    }

    @Test
    void requiredParameterWithADefaultNeedsNoValue() {
        var result = processor.process(TemplateDocument.openmaruJava(), new TemplateParameters(REQUIRED));
        assertThat(result.values()).containsEntry("IMAGE_STREAM_NAMESPACE", "openshift")
                .containsEntry("MEMORY_LIMIT", "1Gi").containsEntry("CPU_LIMIT", "1000m")
                .containsEntry("MAX_METASPACE_SIZE", "256").containsEntry("HEALTH_CHECK_URL", "/")
                .containsEntry("JAVA_OPTIONS", "-Dfile.encoding=UTF-8 -Dspring.profiles.active=dev");
    }

    private static final String SMALL = """
            apiVersion: template.openshift.io/v1
            kind: Template
            metadata: {name: small}
            parameters:
            - {name: NAME, required: true}
            - {name: REPLICAS, value: "2"}
            - {name: PASSWORD, generate: expression, from: "pw-[a-f0-9]{8}\\\\d{2}"}
            - {name: STRATEGY, value: '{"type": "Recreate"}'}
            objects:
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: ${NAME}
                annotations:
                  note: "${NAME} keeps ${UNDECLARED} and ${{NAME}} inline"
              spec:
                strategy: ${{STRATEGY}}
                replicas: ${{REPLICAS}}
                template:
                  spec:
                    containers:
                    - name: app
                      image: ${NAME}:1
                      env:
                      - {name: PASSWORD, value: "${PASSWORD}"}
            """;

    @Test
    void doubleBraceReferencesBecomeJsonValuesAndSingleBraceReferencesText() {
        var result = processor.process(TemplateDocument.parse(SMALL), new TemplateParameters(Map.of("NAME", "api", "REPLICAS", "3")));
        Deployment d = (Deployment) result.objects().get(0);
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        assertThat(d.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("note", "api keeps ${UNDECLARED} and api inline");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("api:1");
        assertThat(result.values().get("PASSWORD")).matches("pw-[a-f0-9]{8}[0-9]{2}");
        assertThat(env(d.getSpec().getTemplate().getSpec().getContainers().get(0), "PASSWORD")).isEqualTo(result.values().get("PASSWORD"));
    }

    @Test
    void doubleBraceReferenceRejectsAValueThatIsNotJson() {
        assertThatThrownBy(() -> processor.process(TemplateDocument.parse(SMALL),
                new TemplateParameters(Map.of("NAME", "api", "REPLICAS", "three"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("parameters.REPLICAS: three is not allowed")
                .hasMessageContaining("${{REPLICAS}}");
    }

    @Test
    void aJsonValueOfTheWrongTypeNamesTheObject() {
        assertThatThrownBy(() -> processor.process(TemplateDocument.parse(SMALL),
                new TemplateParameters(Map.of("NAME", "api", "REPLICAS", "[1, 2]"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Deployment api does not fit its schema");
    }

    @Test
    void givenValueWinsOverGeneration() {
        var result = processor.process(TemplateDocument.parse(SMALL), new TemplateParameters(Map.of("NAME", "api", "PASSWORD", "s3cret")));
        assertThat(result.values()).containsEntry("PASSWORD", "s3cret");
    }

    @Test
    void generatorPatterns() {
        ParameterGenerator g = new ParameterGenerator(new Random(7));
        assertThat(g.generate("f", "[a-zA-Z0-9]{16}")).matches("[a-zA-Z0-9]{16}");
        assertThat(g.generate("f", "\\w{10}")).matches("\\w{10}");
        assertThat(g.generate("f", "\\a{5}")).matches("[a-zA-Z]{5}");
        assertThat(g.generate("f", "[\\d]{3}-[A-Z]{2}")).matches("\\d{3}-[A-Z]{2}");
        assertThat(g.generate("f", "\\A{4}")).hasSize(4).doesNotContainPattern("[a-zA-Z0-9]");
        assertThat(g.generate("f", "x[-_]{3}")).matches("x[-_]{3}");
    }

    @Test
    void badGeneratorPatternsNameTheParameter() {
        ParameterGenerator g = new ParameterGenerator(new Random(7));
        for (String bad : List.of("[a-z", "[z-a]{3}", "[a-z]{x}", "[a-z]{3", "[]", "a{99999}")) {
            assertThatThrownBy(() -> g.generate("parameters.P.from", bad), bad)
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith("parameters.P.from: " + bad);
        }
    }

    @Test
    void documentsThatAreNotTemplatesAreRejected() {
        assertThatThrownBy(() -> TemplateDocument.parse("kind: ConfigMap\napiVersion: v1\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("template.kind: ConfigMap");
        assertThatThrownBy(() -> TemplateDocument.parse("kind: Template\nobjects:\n- kind: ConfigMap\n"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("needs apiVersion and kind");
    }

    @Test
    void parameterPairsAreParsedWithFieldNamedErrors() {
        assertThat(TemplateParameters.parse(List.of("A=1", "B=x=y", "C=")).values())
                .containsEntry("A", "1").containsEntry("B", "x=y").containsEntry("C", "");
        assertThatThrownBy(() -> TemplateParameters.parse(List.of("A=1", "novalue")))
                .hasMessageStartingWith("parameters[1]: novalue is not allowed; expected NAME=value");
        assertThatThrownBy(() -> TemplateParameters.parse(List.of("A=1", "A=2")))
                .hasMessageContaining("A is repeated");
    }
}
