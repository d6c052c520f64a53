package io.jenkins.plugins.openmaru.fidelity;

import io.jenkins.plugins.openmaru.fidelity.ApiSignatures.MemberSig;
import io.jenkins.plugins.openmaru.fidelity.ApiSignatures.TypeSig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Checks compiled Jenkins stubs against the real API: each type and each public/protected member
 * must exist there with the same descriptor and compatible flags, and no abstract member the real
 * type declares may be missing (else a plugin class could compile without implementing it).
 */
final class StubConformance {
    /** annotation-indexer's meta-annotation has no .sig file; it may exist only as an empty marker. */
    static final String INDEXED = "org/jvnet/hudson/annotation_indexer/Indexed";

    private final ApiSignatures api;
    private final List<String> violations = new ArrayList<>();

    private StubConformance(ApiSignatures api) {
        this.api = api;
    }

    /** Returns one message per violation; empty when every stub is faithful. */
    static List<String> check(List<ClassNode> stubs, ApiSignatures api) {
        StubConformance conformance = new StubConformance(api);
        stubs.forEach(conformance::checkClass);
        return conformance.violations;
    }

    private void checkClass(ClassNode stub) {
        if (isAnonymous(stub)) {
            return; // an enum constant's body or a factory's result: not API, never named by our code
        }
        if (stub.name.equals(INDEXED)) {
            if (!stub.fields.isEmpty() || !stub.methods.isEmpty()) {
                violations.add(stub.name + ": the annotation-indexer marker must declare no members");
            }
            return;
        }
        if (!ApiSignatures.isJenkinsApi(stub.name)) {
            violations.add(stub.name + ": class outside the Jenkins packages would be packaged into the .hpi");
            return;
        }
        TypeSig type = api.type(stub.name);
        if (type == null) {
            violations.add(stub.name + ": type is not in the Jenkins API");
            return;
        }
        checkTypeFlags(stub, type);
        for (FieldNode field : stub.fields) {
            checkMember(stub, "field", field.name, field.desc, field.access, null);
        }
        for (MethodNode method : stub.methods) {
            checkMember(stub, method.name.equals("<init>") ? "ctor" : "method", method.name, method.desc, method.access, method);
        }
        checkAbstractMembersPresent(stub);
    }

    private void checkTypeFlags(ClassNode stub, TypeSig type) {
        int access = effectiveAccess(stub);
        boolean isInterface = (access & Opcodes.ACC_INTERFACE) != 0;
        boolean isEnum = (access & Opcodes.ACC_ENUM) != 0;
        boolean isRecord = "java/lang/Record".equals(stub.superName);
        expect(stub.name, "public", type.flags(), (access & Opcodes.ACC_PUBLIC) != 0);
        expect(stub.name, "protected", type.flags(), (access & Opcodes.ACC_PROTECTED) != 0);
        expect(stub.name, "interface", type.flags(), isInterface && (access & Opcodes.ACC_ANNOTATION) == 0);
        expect(stub.name, "annotation", type.flags(), (access & Opcodes.ACC_ANNOTATION) != 0);
        expect(stub.name, "enum", type.flags(), isEnum);
        expect(stub.name, "static", type.flags(), (access & Opcodes.ACC_STATIC) != 0);
        if (!isInterface && !isEnum && !isRecord) {
            expect(stub.name, "abstract", type.flags(), (access & Opcodes.ACC_ABSTRACT) != 0);
            expect(stub.name, "final", type.flags(), (access & Opcodes.ACC_FINAL) != 0);
        }
        checkSuperclass(stub, type, isInterface || isEnum || (access & Opcodes.ACC_ABSTRACT) != 0);
        for (String iface : stub.interfaces) {
            if (!type.interfaces().contains(iface)) {
                violations.add(stub.name + ": implements " + iface + " which the API type does not");
            }
        }
        checkTypeAnnotations(stub, type.flags());
    }

    /**
     * The superclass must be the real one. A concrete class may instead extend a real ancestor,
     * skipping types the plugin never uses: the real class implements every abstract member of the
     * skipped types, so no subclass of the stub can miss one.
     */
    private void checkSuperclass(ClassNode stub, TypeSig type, boolean mayBeAbstract) {
        if (type.superName().equals(stub.superName)) {
            return;
        }
        boolean ancestor = false;
        for (TypeSig t = api.type(type.superName()); t != null && !ancestor; t = api.type(t.superName())) {
            ancestor = t.superName().equals(stub.superName);
        }
        if (!ancestor || mayBeAbstract) {
            violations.add(stub.name + ": extends " + stub.superName + " but the API says " + type.superName()
                    + (ancestor ? " (only a concrete class may skip to an ancestor)" : ""));
        }
    }

    private static boolean isAnonymous(ClassNode node) {
        return node.innerClasses.stream().anyMatch(i -> i.name.equals(node.name) && i.innerName == null);
    }

    private void checkTypeAnnotations(ClassNode stub, Set<String> flags) {
        Set<String> present = new HashSet<>();
        String retention = null;
        for (AnnotationNode annotation : annotations(stub)) {
            present.add(annotation.desc);
            if (annotation.desc.equals("Ljava/lang/annotation/Retention;")) {
                retention = ((String[]) annotation.values.get(1))[1];
            }
        }
        expect(stub.name, "@Indexable", flags, present.contains("Lnet/java/sezpoz/Indexable;"));
        expect(stub.name, "@Indexed", flags, present.contains("L" + INDEXED + ";"));
        String wanted = flags.stream().filter(f -> f.startsWith("@Retention(")).findFirst()
                .map(f -> f.substring("@Retention(".length(), f.length() - 1)).orElse(null);
        if (wanted != null && !wanted.equals(retention)) {
            violations.add(stub.name + ": retention " + retention + " but the API says " + wanted);
        }
    }

    private static List<AnnotationNode> annotations(ClassNode stub) {
        List<AnnotationNode> all = new ArrayList<>();
        if (stub.visibleAnnotations != null) {
            all.addAll(stub.visibleAnnotations);
        }
        if (stub.invisibleAnnotations != null) {
            all.addAll(stub.invisibleAnnotations);
        }
        return all;
    }

    private void checkMember(ClassNode stub, String kind, String name, String desc, int access, MethodNode method) {
        int hidden = method != null ? Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE : Opcodes.ACC_SYNTHETIC;
        if ((access & hidden) != 0 || name.equals("<clinit>")) {
            return;
        }
        String where = stub.name + "." + name + (method == null ? ":" : "") + desc;
        if ((access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
            if ((access & Opcodes.ACC_PRIVATE) == 0) {
                violations.add(where + ": package-private member; stubs declare API members or private helpers only");
            }
            return;
        }
        MemberSig sig = api.member(stub.name, name, desc);
        if (sig == null || !sig.kind().equals(kind)) {
            violations.add(where + ": " + kind + " is not in the Jenkins API");
            return;
        }
        Set<String> flags = sig.flags();
        expect(where, "public", flags, (access & Opcodes.ACC_PUBLIC) != 0);
        expect(where, "protected", flags, (access & Opcodes.ACC_PROTECTED) != 0);
        expect(where, "static", flags, (access & Opcodes.ACC_STATIC) != 0);
        expect(where, "final", flags, (access & Opcodes.ACC_FINAL) != 0);
        if (method != null) {
            boolean inInterface = (stub.access & Opcodes.ACC_INTERFACE) != 0;
            boolean isAbstract = (access & Opcodes.ACC_ABSTRACT) != 0;
            expect(where, "abstract", flags, isAbstract);
            expect(where, "varargs", flags, (access & Opcodes.ACC_VARARGS) != 0);
            if (inInterface && (stub.access & Opcodes.ACC_ANNOTATION) == 0) {
                expect(where, "default", flags, !isAbstract && (access & Opcodes.ACC_STATIC) == 0);
            }
            if ((stub.access & Opcodes.ACC_ANNOTATION) != 0) {
                expect(where, "hasdefault", flags, method.annotationDefault != null);
            }
            if (!Set.copyOf(method.exceptions).equals(sig.exceptions())) {
                violations.add(where + ": throws " + method.exceptions + " but the API says " + sig.exceptions());
            }
        }
    }

    private void checkAbstractMembersPresent(ClassNode stub) {
        Set<String> declared = new HashSet<>();
        stub.methods.forEach(m -> declared.add(ApiSignatures.key(m.name, m.desc)));
        for (MemberSig member : api.abstractMembers(stub.name)) {
            if (!declared.contains(ApiSignatures.key(member.name(), member.descriptor()))) {
                violations.add(stub.name + ": misses abstract member " + member.name() + member.descriptor()
                        + " that implementations must provide");
            }
        }
    }

    private void expect(String where, String flag, Set<String> apiFlags, boolean stubHasIt) {
        if (apiFlags.contains(flag) != stubHasIt) {
            violations.add(where + ": flag '" + flag + "' is " + (stubHasIt ? "set" : "missing")
                    + " in the stub but " + (stubHasIt ? "absent from" : "present in") + " the API " + apiFlags);
        }
    }

    /** A nested class's real modifiers (protected, static) live in its InnerClasses entry. */
    private static int effectiveAccess(ClassNode node) {
        for (InnerClassNode inner : node.innerClasses) {
            if (inner.name.equals(node.name)) {
                return inner.access;
            }
        }
        return node.access;
    }
}
