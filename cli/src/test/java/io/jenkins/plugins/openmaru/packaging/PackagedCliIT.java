package io.jenkins.plugins.openmaru.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.openmaru.TopLevelHelp;
import io.jenkins.plugins.openmaru.image.TemplateDocument;
import io.jenkins.plugins.openmaru.sandbox.Sandbox;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/**
 * The CLI jar that {@code mvn package} wrote (../target/openmaru-cli.jar): its list of Kubernetes resource types is the
 * one the code needs, and the commands people run work from it, in a process of their own. Runs in {@code verify}.
 */
@Tag("slow")
class PackagedCliIT {
    private static final Path JAR = Path.of(System.getProperty("openmaru.cli.jar", "../target/openmaru-cli.jar")).toAbsolutePath();
    private static final String RESOURCES = "META-INF/services/" + KubernetesResource.class.getName();
    private static final Pattern DEPENDENCY = Pattern.compile("-> (io\\.fabric8\\.\\S+)");
    private static final String IMAGE = "quay.io/acme/shop:";

    @TempDir
    static Path tmp;

    private static Sandbox sandbox;
    private static Path kubeconfig;

    @BeforeAll
    static void startSandbox() throws IOException {
        assertThat(JAR).isRegularFile();
        sandbox = Sandbox.start(Duration.ofMillis(20), 0, DataPlaneConfig.defaults());
        kubeconfig = tmp.resolve("kubeconfig");
        SandboxKubeconfig.write(kubeconfig, sandbox.cluster().url(), "packaged");
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /**
     * fabric8 instantiates every type the list names on the first read of a kubeconfig, so the jar lists only: the
     * core/v1 group (Status among them: a watch's ERROR event is handled as one only when it reads as a Status),
     * every registered type our compiled classes refer to, and the kinds of the built-in template (apply reads them
     * as their types, guardrails check its Deployments).
     */
    @Test
    void theResourceTypesAreTheCoreGroupAndWhatTheCodeAndTheBuiltInTemplateUse() throws IOException {
        Set<String> registered = new TreeSet<>();
        for (URL list : Collections.list(PackagedCliIT.class.getClassLoader().getResources(RESOURCES))) {
            try (InputStream in = list.openStream()) {
                registered.addAll(names(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        Set<String> expected = new TreeSet<>(coreGroup());
        referencedByOurClasses().stream().filter(registered::contains).forEach(expected::add);
        KubernetesSerialization everyType = new KubernetesSerialization();
        for (JsonNode object : TemplateDocument.openmaruJava().objects()) {
            Class<?> type = everyType.getRegisteredKubernetesResource(object.path("apiVersion").asText(), object.path("kind").asText());
            assertThat(type).as(object.path("kind").asText() + " of the built-in template is a registered type").isNotNull();
            expected.add(type.getName());
        }

        assertThat(registered).as("fabric8's own lists are on the test class path").hasSizeGreaterThan(500);
        assertThat(new TreeSet<>(packagedResources()))
                .as("the types in %s's %s; expected, for cli/src/assembly/kubernetes-resources:%n%s", JAR, RESOURCES, String.join("\n", expected))
                .isEqualTo(expected);
    }

    @Test
    void rolloutCommandsWorkFromTheJar() throws Exception {
        assertThat(openmaru("canary", "shop", "--image", IMAGE + "v1")).contains("phase      PROMOTED (canary)");
        assertThat(openmaru("canary", "shop", "--image", IMAGE + "v2", "--steps", "50,100")).contains("step 1/2: set weight 50%")
                .contains("phase      PROMOTED (canary)");
        CompletableFuture<String> paused = CompletableFuture.supplyAsync(() -> openmaru("canary", "shop", "--image", IMAGE + "v3", "--steps", "20,manual,100"));
        await().atMost(Duration.ofSeconds(60)).until(() -> status().get("phase").asText().equals("PAUSED"));
        assertThat(openmaru("promote", "shop")).contains("phase      PROMOTED (canary)");
        assertThat(paused.get(60, TimeUnit.SECONDS)).contains("waiting   paused at 20%");
        assertThat(openmaru("rollback", "shop", "--comment", "v3 broke checkout")).contains("stable     " + IMAGE + "v2");
        assertThat(status().get("stable").get("image").asText()).isEqualTo(IMAGE + "v2");
        assertThat(openmaru("history", "shop")).contains(IMAGE + "v3").contains("v3 broke checkout");
    }

    @Test
    void applyReadsTheBuiltInTemplateFromTheJar() throws Exception {
        assertThat(openmaru("apply", "--template", "openmaru-java", "-p", "APPLICATION_NAME=shop",
                "-p", "SOURCE_REPOSITORY_URL=https://git.example.com/team/shop.git", "-p", "WEBHOOK_SECRET=fixed"))
                .contains("Deployment/shop-green created", "NetworkPolicy/shop-ingress created", "RoleBinding/shop-deployer created",
                        "13 objects from template openmaru-java in packaged: 13 created, 0 updated, 0 unchanged.");
    }

    @Test
    void theTopLevelHelpAndVersionFromTheJarAreWhatPicocliPrints() {
        for (List<List<String>> asking : List.of(TopLevelHelp.ARGS, TopLevelHelp.VERSION_ARGS)) {
            for (List<String> args : asking) {
                assertThat(run(args, 60)).as("openmaru %s", args).isEqualTo(TopLevelHelp.render(Ansi.OFF, args));
            }
        }
    }

    @Test
    void sandboxDemoRunsFromTheJar() throws Exception {
        assertThat(run(List.of("sandbox", "demo"), 300)).contains("shop");
    }

    private static JsonNode status() throws Exception {
        return new ObjectMapper().readTree(openmaru("status", "shop", "-o", "json"));
    }

    private static List<String> coreGroup() throws IOException {
        URL coreModel = Pod.class.getProtectionDomain().getCodeSource().getLocation();
        try (JarFile jar = new JarFile(Path.of(coreModel.getPath()).toFile())) {
            try (InputStream in = jar.getInputStream(jar.getEntry(RESOURCES))) {
                return names(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    /** Every fabric8 class the compiled classes of core, sandbox and cli name, as jdeps reads them. */
    private static Set<String> referencedByOurClasses() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                "../core/target/classes", "../sandbox/target/classes", "target/classes");
        assertThat(exit).as(out.toString()).isZero();
        Set<String> names = new TreeSet<>();
        Matcher m = DEPENDENCY.matcher(out.toString());
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).as("jdeps found our fabric8 dependencies").contains("io.fabric8.openshift.api.model.Route");
        return names;
    }

    private static List<String> packagedResources() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry(RESOURCES)).as(RESOURCES).isNotNull();
            try (InputStream in = jar.getInputStream(jar.getEntry(RESOURCES))) {
                return names(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    private static List<String> names(String servicesFile) {
        return servicesFile.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    private static String openmaru(String... args) {
        List<String> command = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return run(command, 120);
    }

    /** {@code java -jar openmaru-cli.jar ARGS}, as ./openmaru runs it; its output when it exits 0. */
    private static String run(List<String> args, int timeoutSeconds) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(args);
        String out;
        boolean ended;
        Process p;
        try {
            Path output = Files.createTempFile(tmp, "openmaru", ".out");
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).directory(tmp.toFile()).start();
            ended = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            out = Files.readString(output);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("could not run " + args, e);
        }
        assertThat(ended).as("%s ended; output:%n%s", args, out).isTrue();
        assertThat(p.exitValue()).as("%s exit code; output:%n%s", args, out).isZero();
        assertThat(out).as("no stack trace from %s", args).doesNotContain("\tat ");
        return out;
    }
}
