package io.jenkins.plugins.openmaru.fidelity;

import io.jenkins.plugins.openmaru.fidelity.ApiSignatures.MemberSig;
import io.jenkins.plugins.openmaru.fidelity.ApiSignatures.TypeSig;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Checks every reference from our bytecode into the Jenkins packages: each type must be a real API
 * type, and each method/field reference must resolve (as the JVM resolves it, through supertypes) to
 * a member the real API declares and that is not {@code @Restricted}.
 */
final class ApiReferences {
    private final ApiSignatures api;
    private final Map<String, ClassNode> ours = new HashMap<>();
    private final ClassLoader loader = ApiReferences.class.getClassLoader();
    private final Set<String> violations = new LinkedHashSet<>();

    private ApiReferences(ApiSignatures api, List<ClassNode> classes) {
        this.api = api;
        classes.forEach(c -> ours.put(c.name, c));
    }

    /** Returns one message per violation; empty when all references are real, unrestricted API. */
    static List<String> check(List<ClassNode> ourClasses, ApiSignatures api) {
        ApiReferences references = new ApiReferences(api, ourClasses);
        ourClasses.forEach(references::checkClass);
        return new ArrayList<>(references.violations);
    }

    private void checkClass(ClassNode c) {
        checkType(c.name, c.superName);
        c.interfaces.forEach(i -> checkType(c.name, i));
        annotationTypes(c.visibleAnnotations, c.invisibleAnnotations).forEach(t -> checkType(c.name, t));
        for (FieldNode field : c.fields) {
            checkDescriptorTypes(c.name, Type.getType(field.desc));
            annotationTypes(field.visibleAnnotations, field.invisibleAnnotations).forEach(t -> checkType(c.name, t));
        }
        for (MethodNode method : c.methods) {
            String where = c.name + "." + method.name + method.desc;
            checkDescriptorTypes(where, Type.getMethodType(method.desc));
            method.exceptions.forEach(e -> checkType(where, e));
            annotationTypes(method.visibleAnnotations, method.invisibleAnnotations).forEach(t -> checkType(where, t));
            for (TryCatchBlockNode tryCatch : method.tryCatchBlocks) {
                if (tryCatch.type != null) {
                    checkType(where, tryCatch.type);
                }
            }
            for (AbstractInsnNode insn : method.instructions) {
                checkInstruction(where, insn);
            }
        }
    }

    private void checkInstruction(String where, AbstractInsnNode insn) {
        if (insn instanceof MethodInsnNode m) {
            checkMethod(where, m.owner, m.name, m.desc);
        } else if (insn instanceof FieldInsnNode f) {
            checkField(where, f.owner, f.name, f.desc);
        } else if (insn instanceof TypeInsnNode t) {
            checkDescriptorTypes(where, Type.getObjectType(t.desc));
        } else if (insn instanceof LdcInsnNode ldc) {
            checkConstant(where, ldc.cst);
        } else if (insn instanceof InvokeDynamicInsnNode indy) {
            checkDescriptorTypes(where, Type.getMethodType(indy.desc));
            for (Object arg : indy.bsmArgs) {
                checkConstant(where, arg);
            }
        }
    }

    private void checkConstant(String where, Object constant) {
        if (constant instanceof Handle h) {
            if (h.getTag() <= 4) {
                checkField(where, h.getOwner(), h.getName(), h.getDesc());
            } else {
                checkMethod(where, h.getOwner(), h.getName(), h.getDesc());
            }
        } else if (constant instanceof Type t) {
            checkDescriptorTypes(where, t);
        }
    }

    private void checkDescriptorTypes(String where, Type type) {
        switch (type.getSort()) {
            case Type.ARRAY -> checkDescriptorTypes(where, type.getElementType());
            case Type.OBJECT -> checkType(where, type.getInternalName());
            case Type.METHOD -> {
                checkDescriptorTypes(where, type.getReturnType());
                for (Type arg : type.getArgumentTypes()) {
                    checkDescriptorTypes(where, arg);
                }
            }
            default -> {
                // primitives need no check
            }
        }
    }

    private void checkType(String where, String internalName) {
        if (internalName == null || !ApiSignatures.isJenkinsApi(internalName)) {
            return;
        }
        TypeSig type = api.type(internalName);
        if (type == null) {
            violations.add(where + ": uses type " + internalName + " which is not in the Jenkins API");
        } else if (type.flags().contains("restricted")) {
            violations.add(where + ": uses @Restricted type " + internalName);
        }
    }

    private void checkMethod(String where, String owner, String name, String desc) {
        checkDescriptorTypes(where, Type.getMethodType(desc));
        check(where, owner, name, desc, false);
    }

    private void checkField(String where, String owner, String name, String desc) {
        checkDescriptorTypes(where, Type.getType(desc));
        check(where, owner, name, desc, true);
    }

    private void check(String where, String owner, String name, String desc, boolean field) {
        if (owner.startsWith("[")) {
            return;
        }
        checkType(where, owner);
        if (!ApiSignatures.isJenkinsApi(owner) && !ours.containsKey(owner)) {
            return; // JDK or library type: javac checked it against the real jar
        }
        Lookup lookup = new Lookup(name, desc, field, name.equals("<init>"));
        lookup.resolve(owner);
        String ref = owner + "." + name + desc;
        if (lookup.found == null && !lookup.foundOutsideJenkins) {
            if (lookup.passedJenkins) {
                violations.add(where + ": " + ref + " does not resolve to a member of the Jenkins API");
            }
        } else if (lookup.found != null && lookup.found.has("restricted")) {
            violations.add(where + ": " + ref + " is @Restricted: " + lookup.found);
        }
    }

    /** One JVM-style resolution: the owner, then its superclasses, then its interfaces. */
    private final class Lookup {
        private final String name;
        private final String desc;
        private final boolean field;
        private final boolean constructor;
        private final Set<String> visited = new HashSet<>();
        private MemberSig found;
        private boolean foundOutsideJenkins;
        private boolean passedJenkins;

        Lookup(String name, String desc, boolean field, boolean constructor) {
            this.name = name;
            this.desc = desc;
            this.field = field;
            this.constructor = constructor;
        }

        boolean resolve(String owner) {
            if (owner == null || !visited.add(owner)) {
                return false;
            }
            List<String> supertypes;
            if (ours.containsKey(owner)) {
                ClassNode c = ours.get(owner);
                if (declaredByOurs(c)) {
                    foundOutsideJenkins = true;
                    return true;
                }
                supertypes = new ArrayList<>();
                supertypes.add(c.superName);
                supertypes.addAll(c.interfaces);
            } else if (ApiSignatures.isJenkinsApi(owner)) {
                passedJenkins = true;
                TypeSig type = api.type(owner);
                if (type == null) {
                    return false;
                }
                MemberSig member = api.member(owner, name, desc);
                if (member != null && member.kind().equals(field ? "field" : constructor ? "ctor" : "method")) {
                    found = member;
                    return true;
                }
                supertypes = new ArrayList<>();
                supertypes.add(type.superName());
                supertypes.addAll(type.interfaces());
            } else {
                Class<?> external = load(owner);
                if (external == null) {
                    return false;
                }
                if (declaredByExternal(external)) {
                    foundOutsideJenkins = true;
                    return true;
                }
                supertypes = new ArrayList<>();
                if (external.getSuperclass() != null) {
                    supertypes.add(Type.getInternalName(external.getSuperclass()));
                }
                for (Class<?> iface : external.getInterfaces()) {
                    supertypes.add(Type.getInternalName(iface));
                }
            }
            if (constructor) {
                return false; // constructors are not inherited
            }
            for (String supertype : supertypes) {
                if (resolve(supertype)) {
                    return true;
                }
            }
            return false;
        }

        private boolean declaredByOurs(ClassNode c) {
            if (field) {
                return c.fields.stream().anyMatch(f -> f.name.equals(name) && f.desc.equals(desc));
            }
            return c.methods.stream().anyMatch(m -> m.name.equals(name) && m.desc.equals(desc));
        }

        private boolean declaredByExternal(Class<?> c) {
            if (field) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(name) && Type.getDescriptor(f.getType()).equals(desc)) {
                        return true;
                    }
                }
                return false;
            }
            if (constructor) {
                for (Constructor<?> ctor : c.getDeclaredConstructors()) {
                    if (Type.getConstructorDescriptor(ctor).equals(desc)) {
                        return true;
                    }
                }
                return false;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(desc)) {
                    return true;
                }
            }
            return false;
        }

        private Class<?> load(String internalName) {
            try {
                return Class.forName(internalName.replace('/', '.'), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        }
    }

    private static List<String> annotationTypes(List<AnnotationNode> visible, List<AnnotationNode> invisible) {
        List<String> types = new ArrayList<>();
        for (List<AnnotationNode> list : List.of(visible == null ? List.<AnnotationNode>of() : visible,
                invisible == null ? List.<AnnotationNode>of() : invisible)) {
            list.forEach(a -> types.add(Type.getType(a.desc).getInternalName()));
        }
        return types;
    }
}
