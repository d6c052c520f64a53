package io.jenkins.plugins.openmaru.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/**
 * The .hpi that {@code mvn package} wrote is a plugin Jenkins 2.541.3 can load, and it and the CLI jar each carry
 * only their own code. Runs in {@code verify}.
 */
@Tag("slow")
class PackagedHpiIT {
    private static final String INNER_JAR = "WEB-INF/lib/openmaru-delivery.jar";
    private static final String CORE_JAR = "WEB-INF/lib/openmaru-core-" + System.getProperty("openmaru.project.version") + ".jar";
    private static final List<String> STUB_PREFIXES =
            List.of("hudson/", "jenkins/", "org/kohsuke/", "org/jenkinsci/", "com/cloudbees/", "org/jvnet/");
    private static final List<String> REQUIRED_PLUGINS = List.of(
            "workflow-step-api", "workflow-api", "credentials", "plain-credentials", "kubernetes-client-api", "okhttp-api", "jackson2-api");

    @TempDir
    static Path tmp;

    private static Path hpi;
    private static Path innerJar;
    private static Path coreJar;

    @BeforeAll
    static void extract() throws IOException {
        hpi = Path.of(System.getProperty("openmaru.hpi", "target/openmaru-delivery.hpi"));
        assertThat(hpi).isRegularFile();
        innerJar = extract(INNER_JAR);
        coreJar = extract(CORE_JAR);
    }

    private static Path extract(String name) throws IOException {
        Path jar = tmp.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (JarFile archive = new JarFile(hpi.toFile())) {
            ZipEntry entry = archive.getEntry(name);
            assertThat(entry).as(name).isNotNull();
            try (InputStream in = archive.getInputStream(entry)) {
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return jar;
    }

    @Test
    void outerAndInnerManifestsDescribeThePlugin() throws IOException {
        try (JarFile outer = new JarFile(hpi.toFile()); JarFile inner = new JarFile(innerJar.toFile())) {
            assertPluginManifest(outer.getManifest());
            assertPluginManifest(inner.getManifest());
        }
    }

    private static void assertPluginManifest(Manifest manifest) {
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("Short-Name")).isEqualTo("openmaru-delivery");
        assertThat(main.getValue("Long-Name")).isEqualTo("OPENMARU Delivery");
        assertThat(main.getValue("Plugin-Version")).isEqualTo(System.getProperty("openmaru.project.version"));
        assertThat(main.getValue("Jenkins-Version")).isEqualTo("2.541.3");
        assertThat(main.getValue("Url")).startsWith("https://");
        List<String> dependencies = List.of(main.getValue("Plugin-Dependencies").split(","));
        assertThat(dependencies).extracting(d -> d.substring(0, d.indexOf(':')))
                .containsExactlyInAnyOrderElementsOf(REQUIRED_PLUGINS);
        assertThat(dependencies).allSatisfy(d -> assertThat(d).matches("[a-z0-9-]+:[0-9][^:;]*"));
    }

    /**
     * JEP-200 (jenkins.security.ClassFilterImpl) lets Pipeline program state and build.xml hold a class only from a
     * jar whose own manifest is a plugin's or whitelists it: our model values live in the core jar.
     */
    @Test
    void coreJarIsWhitelistedForJep200AndHoldsTheModel() throws IOException {
        try (JarFile core = new JarFile(coreJar.toFile())) {
            assertThat(core.getManifest().getMainAttributes().getValue("Jenkins-ClassFilter-Whitelisted")).isEqualTo("true");
        }
        assertThat(entries(coreJar)).contains("io/jenkins/plugins/openmaru/model/RolloutSpec.class",
                "io/jenkins/plugins/openmaru/engine/RolloutEngine.class", "io/jenkins/plugins/openmaru/model/version.properties");
    }

    @Test
    void innerJarHoldsOurClassesDescriptionAndExtensionIndex() throws IOException {
        List<String> entries = entries(innerJar);

        assertThat(entries).contains("index.jelly", "META-INF/annotations/hudson.Extension",
                "io/jenkins/plugins/openmaru/jenkins/VersionStep.class",
                "io/jenkins/plugins/openmaru/jenkins/VersionStep$DescriptorImpl.class");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {innerJar.toUri().toURL()}, null)) {
            List<String> extensions = new ArrayList<>();
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                extensions.add(item.className());
            }
            assertThat(extensions).contains("io.jenkins.plugins.openmaru.jenkins.VersionStep$DescriptorImpl");
        }
    }

    /**
     * Structs finds a step's or the configuration's symbol ({@code openmaruStatus}, {@code openmaru}) only
     * through annotation-indexer's index of {@code @Symbol}: every class of ours that carries it is listed, as
     * a real plugin build writes it (binary names, sorted, one a line), and nothing else.
     */
    @Test
    void innerJarIndexesEverySymbolAsAnnotationIndexerReadsIt() throws IOException {
        Map<String, String> symbols = new TreeMap<>();
        try (JarFile jar = new JarFile(innerJar.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        ClassNode c = new ClassNode();
                        new ClassReader(in).accept(c, ClassReader.SKIP_CODE);
                        for (AnnotationNode a : c.visibleAnnotations == null ? List.<AnnotationNode>of() : c.visibleAnnotations) {
                            if (a.desc.equals("Lorg/jenkinsci/Symbol;")) {
                                symbols.put(c.name.replace('/', '.'), String.valueOf(a.values.get(1)));
                            }
                        }
                    }
                }
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {innerJar.toUri().toURL()}, null)) {
            URL index = loader.getResource("META-INF/services/annotations/org.jenkinsci.Symbol");
            assertThat(index).as("the @Symbol index").isNotNull();
            String text;
            try (InputStream in = index.openStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }

            assertThat(text).isEqualTo(String.join("\n", symbols.keySet()) + "\n");
        }
        assertThat(symbols).containsEntry("io.jenkins.plugins.openmaru.jenkins.StatusStep$DescriptorImpl", "[openmaruStatus]")
                .containsEntry("io.jenkins.plugins.openmaru.jenkins.DeliveryConfiguration", "[openmaru]")
                .hasSizeGreaterThanOrEqualTo(12);
    }

    /**
     * A library our classes call directly must come from a plugin named in Plugin-Dependencies: Jenkins
     * gives a plugin's class loader only its declared dependencies' classes to rely on.
     */
    @Test
    void everyLibraryOurClassesCallComesFromADeclaredPlugin() throws IOException {
        Map<String, String> pluginOf = Map.of("okhttp3/", "okhttp-api", "io/fabric8/kubernetes/", "kubernetes-client-api",
                "io/fabric8/openshift/", "kubernetes-client-api", "com/fasterxml/jackson/", "jackson2-api");
        List<String> needed = new ArrayList<>();
        for (Path ours : List.of(innerJar, coreJar)) {
            try (JarFile jar = new JarFile(ours.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            // Class names a class refers to are in its constant pool as plain text.
                            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                            pluginOf.forEach((pkg, plugin) -> {
                                if (constants.contains(pkg) && !needed.contains(plugin)) {
                                    needed.add(plugin);
                                }
                            });
                        }
                    }
                }
            }
        }
        try (JarFile jar = new JarFile(innerJar.toFile())) {
            String declared = jar.getManifest().getMainAttributes().getValue("Plugin-Dependencies");
            assertThat(needed).as("our classes call OkHttp directly (ClusterClients)").contains("okhttp-api");
            assertThat(List.of(declared.split(","))).extracting(d -> d.substring(0, d.indexOf(':'))).containsAll(needed);
        }
    }

    @Test
    void noStubClassAndNoLibraryThatJenkinsOrALibraryPluginProvidesIsPackaged() throws IOException {
        List<String> outer = entries(hpi);
        List<String> inner = entries(innerJar);

        assertThat(inner).noneMatch(e -> STUB_PREFIXES.stream().anyMatch(e::startsWith));
        assertThat(outer).noneMatch(e -> e.endsWith(".class"));
        assertThat(outer).filteredOn(e -> e.startsWith("WEB-INF/lib/") && e.endsWith(".jar"))
                .containsExactlyInAnyOrder(INNER_JAR, CORE_JAR)
                .noneMatch(e -> e.matches(".*(kubernetes|openshift|fabric8|okhttp|jackson|picocli|mockwebserver|bcprov|bcpkix"
                        + "|bouncycastle|netty|vertx|guava|sezpoz|spotbugs|servlet|spring|junit|assertj).*"));
    }

    /** The plugin carries no CLI or sandbox code: those run outside Jenkins, from the CLI jar. */
    @Test
    void pluginCarriesNoCliOrSandboxClasses() throws IOException {
        for (Path ours : List.of(innerJar, coreJar)) {
            assertThat(entries(ours)).as(ours.getFileName().toString())
                    .noneMatch(e -> e.startsWith("io/jenkins/plugins/openmaru/cli/") || e.startsWith("io/jenkins/plugins/openmaru/sandbox/")
                            || e.equals("io/jenkins/plugins/openmaru/OpenmaruMain.class") || e.startsWith("io/fabric8/mockwebserver/"));
        }
    }

    /** The CLI jar carries no Jenkins glue: no classes of the jenkins package, no Jelly views, no stubs. */
    @Test
    void cliJarCarriesNoJenkinsGlue() throws IOException {
        List<String> cli = entries(Path.of(System.getProperty("openmaru.cli.jar", "../target/openmaru-cli.jar")));

        assertThat(cli).contains("io/jenkins/plugins/openmaru/OpenmaruMain.class", "io/jenkins/plugins/openmaru/cli/Cli.class",
                "io/jenkins/plugins/openmaru/sandbox/Sandbox.class", "io/jenkins/plugins/openmaru/engine/RolloutEngine.class");
        assertThat(cli).noneMatch(e -> e.startsWith("io/jenkins/plugins/openmaru/jenkins/") || e.endsWith(".jelly")
                || STUB_PREFIXES.stream().anyMatch(e::startsWith));
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
