package io.jenkins.plugins.openmaru.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .hpi that {@code mvn package} wrote is a plugin Jenkins 2.541.3 can load. Runs in {@code verify}. */
class PackagedHpiIT {
    private static final String INNER_JAR = "WEB-INF/lib/openmaru-delivery.jar";
    private static final List<String> STUB_PREFIXES =
            List.of("hudson/", "jenkins/", "org/kohsuke/", "org/jenkinsci/", "com/cloudbees/", "org/jvnet/");
    private static final List<String> REQUIRED_PLUGINS = List.of(
            "workflow-step-api", "workflow-api", "credentials", "plain-credentials", "kubernetes-client-api", "jackson2-api");

    @TempDir
    static Path tmp;

    private static Path hpi;
    private static Path innerJar;

    @BeforeAll
    static void extract() throws IOException {
        hpi = Path.of(System.getProperty("openmaru.hpi", "target/openmaru-delivery.hpi"));
        assertThat(hpi).isRegularFile();
        innerJar = tmp.resolve("openmaru-delivery.jar");
        try (JarFile archive = new JarFile(hpi.toFile())) {
            ZipEntry entry = archive.getEntry(INNER_JAR);
            assertThat(entry).as(INNER_JAR).isNotNull();
            try (InputStream in = archive.getInputStream(entry)) {
                Files.copy(in, innerJar, StandardCopyOption.REPLACE_EXISTING);
            }
        }
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

    @Test
    void innerJarHoldsOurClassesDescriptionAndExtensionIndex() throws IOException {
        List<String> entries = entries(innerJar);

        assertThat(entries).contains("index.jelly", "META-INF/annotations/hudson.Extension",
                "io/jenkins/plugins/openmaru/jenkins/VersionStep.class",
                "io/jenkins/plugins/openmaru/jenkins/VersionStep$DescriptorImpl.class",
                "io/jenkins/plugins/openmaru/model/version.properties");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {innerJar.toUri().toURL()}, null)) {
            List<String> extensions = new ArrayList<>();
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                extensions.add(item.className());
            }
            assertThat(extensions).contains("io.jenkins.plugins.openmaru.jenkins.VersionStep$DescriptorImpl");
        }
    }

    @Test
    void noStubClassAndNoLibraryThatJenkinsOrALibraryPluginProvidesIsPackaged() throws IOException {
        List<String> outer = entries(hpi);
        List<String> inner = entries(innerJar);

        assertThat(inner).noneMatch(e -> STUB_PREFIXES.stream().anyMatch(e::startsWith));
        assertThat(outer).noneMatch(e -> e.endsWith(".class"));
        assertThat(outer).filteredOn(e -> e.startsWith("WEB-INF/lib/") && e.endsWith(".jar"))
                .contains(INNER_JAR)
                .noneMatch(e -> e.matches(".*(kubernetes|openshift|fabric8|okhttp|jackson|picocli|mockwebserver"
                        + "|guava|sezpoz|spotbugs|servlet|spring|junit|assertj).*"));
    }

    private static List<String> entries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
        }
    }
}
