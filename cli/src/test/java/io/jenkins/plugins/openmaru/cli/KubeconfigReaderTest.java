package io.jenkins.plugins.openmaru.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kubeconfig reader makes the very configuration fabric8's own reader makes from the same file, setting by setting
 * (relative paths, the chosen context, the environment's overrides), and hands every kubeconfig it does not fully know
 * to fabric8's reader.
 */
class KubeconfigReaderTest {
    private static final String CERT = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=";

    static List<Arguments> kubeconfigs() {
        return List.of(
                Arguments.of("sandbox", true, null, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - name: openmaru-sandbox
                          cluster:
                            server: http://localhost:44023/
                        contexts:
                        - name: openmaru-sandbox
                          context:
                            cluster: openmaru-sandbox
                            namespace: default
                            user: openmaru-sandbox
                        current-context: openmaru-sandbox
                        users:
                        - name: openmaru-sandbox
                          user: {}
                        """),
                Arguments.of("files relative to the kubeconfig, second context chosen", true, "dev", """
                        apiVersion: v1
                        kind: Config
                        preferences: {}
                        clusters:
                        - name: prod
                          cluster:
                            server: https://api.prod.example.com:6443
                            certificate-authority: certs/ca.crt
                        - name: dev
                          cluster:
                            server: https://api.dev.example.com:6443
                            certificate-authority-data: %s
                            tls-server-name: api.internal
                            proxy-url: http://proxy.example.com:3128
                            disable-compression: true
                        contexts:
                        - name: prod
                          context: {cluster: prod, user: admin, namespace: shop}
                        - name: dev
                          context: {cluster: dev, user: dev-user, namespace: shop-dev}
                        current-context: prod
                        users:
                        - name: admin
                          user:
                            client-certificate: certs/admin.crt
                            client-key: certs/admin.key
                        - name: dev-user
                          user:
                            token: sha256~abc
                        """.formatted(CERT)),
                Arguments.of("current context with a token file and insecure TLS", true, null, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - name: lab
                          cluster:
                            server: https://10.0.0.1:6443
                            insecure-skip-tls-verify: true
                        contexts:
                        - name: lab
                          context: {cluster: lab, user: ci}
                        current-context: lab
                        users:
                        - name: ci
                          user:
                            tokenFile: token
                        - name: basic
                          user: {username: admin, password: secret, client-certificate-data: %s, client-key-data: %s}
                        """.formatted(CERT, CERT)),
                Arguments.of("a context naming a cluster and user that are missing", true, null, """
                        apiVersion: v1
                        kind: Config
                        clusters: []
                        contexts:
                        - name: broken
                          context: {cluster: nowhere, user: nobody}
                        current-context: broken
                        users:
                        """),
                Arguments.of("exec credential plugin: fabric8's reader", false, null, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - name: eks
                          cluster: {server: "https://eks.example.com"}
                        contexts:
                        - name: eks
                          context: {cluster: eks, user: aws}
                        current-context: eks
                        users:
                        - name: aws
                          user:
                            exec:
                              apiVersion: client.authentication.k8s.io/v1beta1
                              command: /bin/true
                              args: [token]
                        """),
                Arguments.of("a number where a token goes: fabric8's reader", false, null, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - name: c
                          cluster: {server: "https://c.example.com"}
                        contexts:
                        - name: c
                          context: {cluster: c, user: u}
                        current-context: c
                        users:
                        - name: u
                          user: {token: 12345}
                        """),
                Arguments.of("extensions: fabric8's reader", false, null, """
                        apiVersion: v1
                        kind: Config
                        clusters:
                        - name: c
                          cluster:
                            server: https://c.example.com
                            extensions:
                            - name: client.authentication.k8s.io/exec
                              extension: {audience: x}
                        contexts:
                        - name: c
                          context: {cluster: c, user: u}
                        current-context: c
                        users:
                        - name: u
                          user: {token: t}
                        """),
                Arguments.of("JSON: fabric8's reader", false, null, """
                        {"apiVersion": "v1", "kind": "Config", "clusters": [{"name": "c", "cluster": {"server": "https://c.example.com"}}],
                         "contexts": [{"name": "c", "context": {"cluster": "c", "user": "u"}}], "current-context": "c",
                         "users": [{"name": "u", "user": {"token": "t"}}]}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubeconfigs")
    void readsEveryKubeconfigAsFabric8Does(String name, boolean readHere, String context, String yaml, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, yaml);
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/admin.key"), "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("token"), "file-token");

        var model = KubeconfigReader.model(yaml, file.toFile());
        assertThat(model.isPresent()).as("read here rather than by fabric8").isEqualTo(readHere);
        model.ifPresent(m -> assertThat(m).isEqualTo(KubeConfigUtils.parseConfig(file.toFile())));

        assertThat(settings(KubeconfigReader.read(context, file))).isEqualTo(settings(Config.fromKubeconfig(context, yaml, file.toString())));
    }

    @Test
    void theDefaultKubeconfigIsReadAsFabric8sAutoConfigurationReadsIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, (String) kubeconfigs().get(1).get()[3]);
        String before = System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE);
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, file.toString());
        try {
            TreeMap<String, String> ours = settings(KubeconfigReader.autoConfigure(null));
            TreeMap<String, String> fabric8s = settings(Config.autoConfigure(null));
            // fabric8 marks its own auto-configuration, so that a refresh looks for kubeconfig files again; ours
            // refreshes from the one file it read, which is the same file.
            assertThat(ours.remove("getAutoConfigure")).isEqualTo("false");
            assertThat(fabric8s.remove("getAutoConfigure")).isEqualTo("true");
            assertThat(ours).isEqualTo(fabric8s).containsEntry("getMasterUrl", "https://api.prod.example.com:6443/");
        } finally {
            if (before == null) {
                System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
            } else {
                System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, before);
            }
        }
    }

    /** Every setting {@code bean} exposes, by getter name (a value without a text of its own: its settings). */
    private static TreeMap<String, String> settings(Object bean) {
        TreeMap<String, String> out = new TreeMap<>();
        for (Method m : bean.getClass().getMethods()) {
            boolean getter = (m.getName().startsWith("get") || m.getName().startsWith("is")) && m.getParameterCount() == 0
                    && !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class;
            if (getter) {
                try {
                    out.put(m.getName(), text(m.invoke(bean)));
                } catch (ReflectiveOperationException e) {
                    out.put(m.getName(), "throws " + e.getCause());
                }
            }
        }
        return out;
    }

    private static String text(Object value) throws ReflectiveOperationException {
        if (value == null) {
            return "null";
        }
        if (value.getClass().isArray()) {
            return Arrays.deepToString(new Object[] {value});
        }
        return value.getClass().getMethod("toString").getDeclaringClass() == Object.class ? settings(value).toString() : value.toString();
    }
}
