package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every view escapes by default and is well-formed, no view carries script, and every form field has help. */
class ViewsAndHelpTest {
    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path CLASSES = Path.of(System.getProperty("openmaru.classes.dir", "target/classes"));

    private static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(RESOURCES)) {
            return s.filter(p -> p.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void everyJellyViewIsWellFormedAndEscapesByDefault() throws Exception {
        List<Path> views = files(".jelly");
        assertThat(views).hasSizeGreaterThan(8);
        for (Path p : views) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            assertThat(text).as(p.toString()).startsWith("<?jelly escape-by-default='true'?>");
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
        }
    }

    @Test
    void noViewCarriesInlineScriptBecauseOfTheContentSecurityPolicy() throws Exception {
        for (Path p : files(".jelly")) {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            assertThat(text).as(p.toString()).doesNotContain("<script").doesNotContainPattern("\\son[a-z]+=").doesNotContain("javascript:");
        }
        assertThat(RESOURCES.resolve("io/jenkins/plugins/openmaru/jenkins/DeliveryAction/delivery.js")).exists();
    }

    /** The pages' buttons change the cluster: each form must POST, so Stapler's {@code @RequirePOST} and the crumb apply. */
    @Test
    void everyFormOnAPagePosts() throws Exception {
        int forms = 0;
        for (Path p : files(".jelly")) {
            NodeList found = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile()).getElementsByTagName("form");
            for (int i = 0; i < found.getLength(); i++, forms++) {
                assertThat(((Element) found.item(i)).getAttribute("method")).as(p + " form " + i).isEqualTo("post");
            }
        }
        assertThat(forms).as("the build page's decisions and the release history's rollbacks").isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyHelpFileIsWellFormed() throws Exception {
        for (Path p : files(".html")) {
            DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(p.toFile());
        }
    }

    @Test
    void everyDataBoundFieldHasAHelpFileAsJenkinsLooksItUp() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : pluginClasses()) {
            for (String field : dataBoundFields(c)) {
                checked++;
                if (!hasHelp(c, field)) {
                    missing.add(c.getSimpleName() + "." + field);
                }
            }
        }
        assertThat(checked).isGreaterThan(30);
        assertThat(missing).isEmpty();
    }

    /** A help text that several steps share lives once, in their common superclass's folder, where Jenkins looks too. */
    @Test
    void noHelpFileIsACopyOfAnother() throws Exception {
        Map<String, List<Path>> byNameAndText = new HashMap<>();
        for (Path p : files(".html")) {
            byNameAndText.computeIfAbsent(p.getFileName() + "\n" + Files.readString(p), k -> new ArrayList<>()).add(p);
        }
        assertThat(byNameAndText.values()).allSatisfy(copies -> assertThat(copies).hasSize(1));
    }

    /** As Descriptor.getHelpFile: the class's own folder, then its superclasses'. */
    private static boolean hasHelp(Class<?> c, String field) {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            if (Files.exists(RESOURCES.resolve(k.getName().replace('.', '/')).resolve("help-" + field + ".html"))) {
                return true;
            }
        }
        return false;
    }

    /** The fields Jenkins binds: the @DataBoundConstructor's parameters and the @DataBoundSetter properties. */
    static List<String> dataBoundFields(Class<?> c) {
        List<String> fields = new ArrayList<>();
        for (Constructor<?> k : c.getConstructors()) {
            if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : k.getParameters()) {
                    fields.add(p.getName());
                }
            }
        }
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                String n = m.getName().substring(3);
                fields.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
            }
        }
        return fields;
    }

    private static List<Class<?>> pluginClasses() throws Exception {
        Path dir = CLASSES.resolve("io/jenkins/plugins/openmaru/jenkins");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(x -> x.toString().endsWith(".class")).toList()) {
                String name = "io.jenkins.plugins.openmaru.jenkins." + p.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name, false, ViewsAndHelpTest.class.getClassLoader());
                if (!Modifier.isAbstract(c.getModifiers())) {
                    out.add(c);
                }
            }
        }
        return out;
    }
}
