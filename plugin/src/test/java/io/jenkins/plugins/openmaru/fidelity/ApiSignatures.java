package io.jenkins.plugins.openmaru.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The real Jenkins API, read from the {@code *.sig} files of shared/jenkins-api (format: its README). */
final class ApiSignatures {
    /** Packages whose classes come from Jenkins or its plugins, never from our .hpi. */
    static final List<String> JENKINS_PREFIXES = List.of("hudson/", "jenkins/", "org/kohsuke/", "org/jenkinsci/", "com/cloudbees/");

    record TypeSig(String name, Set<String> flags, String superName, List<String> interfaces) {
    }

    record MemberSig(String kind, String owner, String name, String descriptor, Set<String> flags, Set<String> exceptions) {
        boolean has(String flag) {
            return flags.contains(flag);
        }

        @Override
        public String toString() {
            return owner + "." + name + descriptor + " " + flags;
        }
    }

    private final Map<String, TypeSig> types = new HashMap<>();
    private final Map<String, Map<String, MemberSig>> members = new HashMap<>();

    static boolean isJenkinsApi(String internalName) {
        return JENKINS_PREFIXES.stream().anyMatch(internalName::startsWith);
    }

    /** Reads every {@code *.sig} file of {@code dir}. */
    static ApiSignatures load(Path dir) {
        ApiSignatures signatures = new ApiSignatures();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sigFiles = files.filter(p -> p.toString().endsWith(".sig")).sorted().toList();
            if (sigFiles.isEmpty()) {
                throw new IllegalStateException("No *.sig files in " + dir);
            }
            for (Path file : sigFiles) {
                for (String line : Files.readAllLines(file)) {
                    signatures.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Jenkins API signatures from " + dir, e);
        }
        return signatures;
    }

    /** Where the signatures live: {@code -Djenkins.api.dir}, set by the pom. */
    static Path defaultDir() {
        Path dir = Path.of(System.getProperty("jenkins.api.dir", "../shared/jenkins-api"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("Jenkins API signatures not found at " + dir.toAbsolutePath()
                    + "; pass -Djenkins.api.dir=/path/to/shared/jenkins-api");
        }
        return dir;
    }

    void add(String line) {
        if (line.isBlank()) {
            return;
        }
        String[] cols = line.split("\t");
        Set<String> flags = Set.of(cols[4].split(","));
        if (cols[0].equals("type")) {
            String superName = cols[5].substring("super=".length());
            String ifaces = cols[6].substring("interfaces=".length());
            List<String> interfaces = ifaces.isEmpty() ? List.of() : Arrays.asList(ifaces.split(","));
            types.put(cols[1], new TypeSig(cols[1], flags, superName, interfaces));
        } else {
            Set<String> exceptions = Arrays.stream(cols).skip(5).filter(c -> c.startsWith("throws="))
                    .flatMap(c -> Arrays.stream(c.substring("throws=".length()).split(",")))
                    .filter(d -> !d.isEmpty())
                    .map(d -> d.substring(1, d.length() - 1))
                    .collect(Collectors.toSet());
            MemberSig member = new MemberSig(cols[0], cols[1], cols[2], cols[3], flags, exceptions);
            members.computeIfAbsent(cols[1], k -> new HashMap<>()).put(key(cols[2], cols[3]), member);
        }
    }

    static String key(String name, String descriptor) {
        return name + descriptor;
    }

    TypeSig type(String name) {
        return types.get(name);
    }

    MemberSig member(String owner, String name, String descriptor) {
        return members.getOrDefault(owner, Map.of()).get(key(name, descriptor));
    }

    List<MemberSig> abstractMembers(String owner) {
        return members.getOrDefault(owner, Map.of()).values().stream()
                .filter(m -> m.has("abstract"))
                .sorted((a, b) -> key(a.name(), a.descriptor()).compareTo(key(b.name(), b.descriptor())))
                .collect(Collectors.toList());
    }
}
