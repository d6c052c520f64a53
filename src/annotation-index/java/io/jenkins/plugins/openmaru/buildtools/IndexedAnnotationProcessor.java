package io.jenkins.plugins.openmaru.buildtools;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the index that Jenkins' annotation-indexer library reads, as its own processor does in a real
 * plugin build (its artifact is not on Maven Central): for each annotation type meta-annotated
 * {@code @org.jvnet.hudson.annotation_indexer.Indexed}, such as {@code @Symbol},
 * {@code META-INF/services/annotations/<annotation>} lists the binary names of the classes that use it
 * (on the class or a member), sorted, one a line. Structs finds step and configuration symbols through it.
 * Build tooling only: compiled before the plugin and never packaged.
 */
@SupportedAnnotationTypes("*")
public final class IndexedAnnotationProcessor extends AbstractProcessor {
    private static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";

    /** Annotation binary name to the classes that use it. */
    private final Map<String, SortedSet<String>> uses = new TreeMap<>();
    private final Map<String, List<Element>> origins = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latest();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            uses.forEach(this::write);
            return false;
        }
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            String name = processingEnv.getElementUtils().getBinaryName(annotation).toString();
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                String entry = entry(e);
                if (entry != null) {
                    uses.computeIfAbsent(name, k -> new TreeSet<>()).add(entry);
                    origins.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
                }
            }
        }
        return false;
    }

    /** The index line for an annotated element: its class (or its member's class), or {@code package.*}; null for others. */
    private String entry(Element e) {
        if (e instanceof PackageElement p) {
            return p.getQualifiedName() + ".*";
        }
        Element owner = e instanceof TypeElement ? e : e.getEnclosingElement();
        return owner instanceof TypeElement t ? processingEnv.getElementUtils().getBinaryName(t).toString() : null;
    }

    private boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror m : annotation.getAnnotationMirrors()) {
            if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    private void write(String annotation, SortedSet<String> classes) {
        try {
            FileObject index = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
                    "META-INF/services/annotations/" + annotation, origins.get(annotation).toArray(new Element[0]));
            try (Writer w = new OutputStreamWriter(index.openOutputStream(), StandardCharsets.UTF_8)) {
                for (String c : classes) {
                    w.write(c + "\n");
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write the index of @" + annotation + ": " + e);
        }
    }
}
