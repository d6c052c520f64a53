package io.jenkins.plugins.openmaru.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.objectweb.asm.Opcodes.ACC_ABSTRACT;
import static org.objectweb.asm.Opcodes.ACC_ANNOTATION;
import static org.objectweb.asm.Opcodes.ACC_INTERFACE;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.tree.ClassNode;

/** The checkers catch planted defects: class files generated here with a wrong signature or call. */
class FidelityCheckerTest {
    private static final String STEP_EXECUTION = "org/jenkinsci/plugins/workflow/steps/StepExecution";
    private static final String STEP_CONTEXT = "org/jenkinsci/plugins/workflow/steps/StepContext";

    private static ApiSignatures api;

    @BeforeAll
    static void load() {
        api = ApiSignatures.load(ApiSignatures.defaultDir());
    }

    @Test
    void stubMethodWithWrongDescriptorIsReported() {
        ClassNode stub = compile(STEP_EXECUTION, "java/lang/Object", ACC_PUBLIC | ACC_ABSTRACT, cw -> {
            constructor(cw, "(L" + STEP_CONTEXT + ";)V", 0x0004);
            abstractMethod(cw, "start", "()Z", "java/lang/Exception");
            body(cw, ACC_PUBLIC, "getStatus", "()I"); // real: ()Ljava/lang/String;
        }, "java/io/Serializable");

        assertThat(StubConformance.check(List.of(stub), api))
                .containsExactly(STEP_EXECUTION + ".getStatus()I: method is not in the Jenkins API");
    }

    @Test
    void stubMethodWithDifferentThrowsClauseIsReported() {
        ClassNode stub = compile(STEP_EXECUTION, "java/lang/Object", ACC_PUBLIC | ACC_ABSTRACT, cw -> {
            constructor(cw, "(L" + STEP_CONTEXT + ";)V", 0x0004);
            abstractMethod(cw, "start", "()Z"); // real: throws Exception
        }, "java/io/Serializable");

        assertThat(StubConformance.check(List.of(stub), api))
                .containsExactly(STEP_EXECUTION + ".start()Z: throws [] but the API says [java/lang/Exception]");
    }

    @Test
    void stubWithWrongStaticFlagIsReported() {
        ClassNode stub = compile("hudson/util/Secret", "java/lang/Object", ACC_PUBLIC | ACC_SUPER | 0x0010,
                cw -> body(cw, ACC_PUBLIC, "fromString", "(Ljava/lang/String;)Lhudson/util/Secret;"), "java/io/Serializable");

        assertThat(StubConformance.check(List.of(stub), api)).singleElement().asString()
                .startsWith("hudson/util/Secret.fromString(Ljava/lang/String;)Lhudson/util/Secret;: flag 'static' is missing");
    }

    @Test
    void stubMissingAnAbstractMemberIsReported() {
        ClassNode stub = compile(STEP_CONTEXT, "java/lang/Object", ACC_PUBLIC | ACC_ABSTRACT, cw -> {
            constructor(cw, "()V", ACC_PUBLIC);
            abstractMethod(cw, "get", "(Ljava/lang/Class;)Ljava/lang/Object;", "java/io/IOException", "java/lang/InterruptedException");
            abstractMethod(cw, "onSuccess", "(Ljava/lang/Object;)V");
            abstractMethod(cw, "setResult", "(Lhudson/model/Result;)V");
            abstractMethod(cw, "newBodyInvoker", "()Lorg/jenkinsci/plugins/workflow/steps/BodyInvoker;", "java/lang/IllegalStateException");
            abstractMethod(cw, "saveState", "()Lcom/google/common/util/concurrent/ListenableFuture;");
            abstractMethod(cw, "equals", "(Ljava/lang/Object;)Z");
            abstractMethod(cw, "hashCode", "()I");
        }, "com/google/common/util/concurrent/FutureCallback", "java/io/Serializable");

        assertThat(StubConformance.check(List.of(stub), api)).containsExactly(
                STEP_CONTEXT + ": misses abstract member isReady()Z that implementations must provide");
    }

    @Test
    void stubTypeWithWrongSupertypeOrMissingIndexableIsReported() {
        ClassNode extension = compile("hudson/Extension", "java/lang/Object",
                ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT | ACC_ANNOTATION, cw -> { }, "java/lang/annotation/Annotation");
        ClassNode result = compile("hudson/model/Result", "java/lang/Number", ACC_PUBLIC | ACC_SUPER | 0x0010, cw -> { });

        assertThat(StubConformance.check(List.of(extension, result), api)).anySatisfy(v -> assertThat(v)
                        .startsWith("hudson/Extension: flag '@Indexable' is missing"))
                .anySatisfy(v -> assertThat(v).startsWith("hudson/Extension: retention null but the API says RUNTIME"))
                .contains("hudson/model/Result: extends java/lang/Number but the API says java/lang/Object");
    }

    @Test
    void onlyConcreteStubsMaySkipToARealAncestor() {
        ClassNode run = compile("hudson/model/Run", "hudson/model/AbstractModelObject", ACC_PUBLIC | ACC_SUPER | ACC_ABSTRACT, cw -> { });
        ClassNode user = compile("hudson/model/User", "java/lang/Number", ACC_PUBLIC | ACC_SUPER, cw -> { });
        ClassNode jenkins = compile("jenkins/model/Jenkins", "hudson/model/AbstractModelObject", ACC_PUBLIC | ACC_SUPER, cw -> { });

        assertThat(StubConformance.check(List.of(run, user, jenkins), api)).containsExactly(
                "hudson/model/Run: extends hudson/model/AbstractModelObject but the API says hudson/model/Actionable"
                        + " (only a concrete class may skip to an ancestor)",
                "hudson/model/User: extends java/lang/Number but the API says hudson/model/AbstractModelObject");
    }

    @Test
    void stubOutsideJenkinsPackagesOrUnknownTypeIsReported() {
        ClassNode outside = compile("net/sf/json/JSONObject", "java/lang/Object", ACC_PUBLIC | ACC_SUPER, cw -> { });
        ClassNode unknown = compile("hudson/model/NoSuchModel", "java/lang/Object", ACC_PUBLIC | ACC_SUPER, cw -> { });

        assertThat(StubConformance.check(List.of(outside, unknown), api)).containsExactly(
                "net/sf/json/JSONObject: class outside the Jenkins packages would be packaged into the .hpi",
                "hudson/model/NoSuchModel: type is not in the Jenkins API");
    }

    @Test
    void callToMemberMissingFromTheApiIsReportedEvenThroughOurSubclass() {
        String ours = "io/jenkins/plugins/openmaru/jenkins/PlantedExecution";
        ClassNode planted = compile(ours, STEP_EXECUTION, ACC_PUBLIC | ACC_SUPER, cw -> {
            MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "probe", "()Ljava/lang/Object;", null, null);
            mv.visitCode();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, ours, "getContext", "()L" + STEP_CONTEXT + ";", false); // real
            mv.visitInsn(POP);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, ours, "getStatusText", "()Ljava/lang/String;", false); // invented
            mv.visitInsn(ARETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        });

        assertThat(ApiReferences.check(List.of(planted), api)).containsExactly(ours
                + ".probe()Ljava/lang/Object;: " + ours + ".getStatusText()Ljava/lang/String; does not resolve to a member of the Jenkins API");
    }

    @Test
    void callToRestrictedApiAndUseOfUnknownTypeAreReported() {
        String ours = "io/jenkins/plugins/openmaru/jenkins/PlantedCaller";
        ClassNode planted = compile(ours, "java/lang/Object", ACC_PUBLIC | ACC_SUPER, cw -> {
            cw.visitField(ACC_PRIVATE, "model", "Lhudson/model/NoSuchModel;", null, null).visitEnd();
            MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "refresh", "(Lhudson/ExtensionList;)Z", null, null);
            mv.visitCode();
            mv.visitVarInsn(ALOAD, 0);
            mv.visitInsn(org.objectweb.asm.Opcodes.ACONST_NULL);
            mv.visitMethodInsn(INVOKEVIRTUAL, "hudson/ExtensionList", "refresh", "(Ljenkins/ExtensionComponentSet;)Z", false);
            mv.visitInsn(org.objectweb.asm.Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        });

        assertThat(ApiReferences.check(List.of(planted), api)).containsExactly(
                ours + ": uses type hudson/model/NoSuchModel which is not in the Jenkins API",
                ours + ".refresh(Lhudson/ExtensionList;)Z: hudson/ExtensionList.refresh(Ljenkins/ExtensionComponentSet;)Z is @Restricted: "
                        + api.member("hudson/ExtensionList", "refresh", "(Ljenkins/ExtensionComponentSet;)Z"));
    }

    private static ClassNode compile(String name, String superName, int access, Consumer<ClassWriter> members, String... interfaces) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, access, name, null, superName, interfaces);
        members.accept(cw);
        cw.visitEnd();
        return CompiledClasses.parse(cw.toByteArray());
    }

    private static void constructor(ClassWriter cw, String desc, int access) {
        MethodVisitor mv = cw.visitMethod(access, "<init>", desc, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void abstractMethod(ClassWriter cw, String name, String desc, String... exceptions) {
        cw.visitMethod(ACC_PUBLIC | ACC_ABSTRACT, name, desc, null, exceptions).visitEnd();
    }

    /** A method whose body only throws, as a stub's would. */
    private static void body(ClassWriter cw, int access, String name, String desc) {
        MethodVisitor mv = cw.visitMethod(access, name, desc, null, null);
        mv.visitCode();
        mv.visitInsn(org.objectweb.asm.Opcodes.ACONST_NULL);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
