package io.jenkins.plugins.openmaru.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;

/** Class files read with ASM's tree API. */
final class CompiledClasses {
    private CompiledClasses() {
    }

    /** The compiled main classes: {@code -Dopenmaru.classes.dir}, set by the pom. */
    static Path defaultDir() {
        return Path.of(System.getProperty("openmaru.classes.dir", "target/classes"));
    }

    static ClassNode parse(byte[] bytes) {
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, ClassReader.SKIP_FRAMES);
        return node;
    }

    /** Every class under {@code root}. */
    static List<ClassNode> readAll(Path root) {
        List<ClassNode> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                classes.add(parse(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read classes under " + root, e);
        }
        return classes;
    }
}
