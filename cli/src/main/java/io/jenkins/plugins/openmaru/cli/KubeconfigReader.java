package io.jenkins.plugins.openmaru.cli;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Preferences;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Utils;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * fabric8's client configuration from one kubeconfig file, as {@code Config.fromKubeconfig} makes it, for the common
 * shape of kubeconfig (server, CA, client certificate, token or basic auth, namespace) without fabric8's JSON mapping:
 * building that mapping's readers for the kubeconfig's types was a third of a short command's start (docs/performance.md).
 * The YAML becomes fabric8's own kubeconfig model, which fabric8 then merges as usual: contexts, file-relative paths,
 * environment overrides stay fabric8's. Anything else (exec or auth-provider users, extensions, impersonation, a key
 * this reader does not know, a value of another type, JSON) goes to fabric8's reader, unchanged.
 */
final class KubeconfigReader {
    /*
     * The keys under which fabric8's KubeConfigUtils.parseConfig(File) records where each entry came from, for relative
     * paths and refreshes. They are fabric8's (private) names: KubeconfigReaderTest compares every setting with fabric8's
     * own reading of the same files, relative paths included, so a rename there fails it.
     */
    private static final String CONTEXT_FILE = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
    private static final String CLUSTER_FILE = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
    private static final String AUTH_INFO_FILE = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

    private KubeconfigReader() {
    }

    /** The configuration for {@code context} (null: the current one) of the kubeconfig {@code file}. */
    static Config read(String context, Path file) throws IOException {
        String text = Files.readString(file);
        return model(text, file.toFile()).flatMap(m -> merged(context, m)).orElseGet(() -> Config.fromKubeconfig(context, text, file.toString()));
    }

    /**
     * As {@code Config.autoConfigure}: the one default kubeconfig file read here; several, none or a service account by
     * fabric8. One difference: a token refresh then re-reads that file rather than looking for kubeconfig files again.
     */
    static Config autoConfigure(String context) {
        List<String> files = List.copyOf(Config.getKubeconfigFilenames());
        if (files.size() == 1 && Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, true)) {
            Path file = Path.of(files.get(0));
            try {
                if (Files.isRegularFile(file)) {
                    return read(context, file);
                }
            } catch (IOException unreadable) {
                // fabric8's reader says what it makes of an unreadable file, as without this reader.
            }
        }
        return Config.autoConfigure(context);
    }

    private static Optional<Config> merged(String context, io.fabric8.kubernetes.api.model.Config kubeconfig) {
        Config config = Config.empty();
        KubeConfigUtils.merge(config, context, kubeconfig);
        if (!Utils.getSystemPropertyOrEnvVar(Config.KUBERNETES_DISABLE_AUTO_CONFIG_SYSTEM_PROPERTY, false)) {
            Config.configFromSysPropsOrEnvVars(config);
        }
        String server = config.getMasterUrl();
        if (server == null || !(server.toLowerCase(Locale.ROOT).startsWith("http://") || server.toLowerCase(Locale.ROOT).startsWith("https://"))) {
            // fabric8 finds a scheme by trying https; its reader does that.
            return Optional.empty();
        }
        if (!server.endsWith("/")) {
            config.setMasterUrl(server + "/");
        }
        return Optional.of(config);
    }

    /** fabric8's kubeconfig model of {@code text}, when it has only the keys and value types read here. */
    static Optional<io.fabric8.kubernetes.api.model.Config> model(String text, File file) {
        if (text.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        try {
            Iterator<Object> documents = new Load(LoadSettings.builder().build()).loadAllFromString(text).iterator();
            Object root = documents.hasNext() ? documents.next() : null;
            if (!(root instanceof Map<?, ?> map) || documents.hasNext()) {
                return Optional.empty();
            }
            return Optional.of(kubeconfig(new Fields(map), file));
        } catch (RuntimeException unusual) {
            return Optional.empty();
        }
    }

    private static io.fabric8.kubernetes.api.model.Config kubeconfig(Fields f, File file) {
        f.only("apiVersion", "kind", "clusters", "contexts", "current-context", "users", "preferences");
        io.fabric8.kubernetes.api.model.Config c = new io.fabric8.kubernetes.api.model.Config();
        f.string("apiVersion", c::setApiVersion);
        f.string("kind", c::setKind);
        f.string("current-context", c::setCurrentContext);
        f.list("clusters", c::setClusters, e -> {
            e.only("name", "cluster");
            NamedCluster n = new NamedCluster();
            e.string("name", n::setName);
            e.object("cluster", n::setCluster, v -> {
                v.only("server", "certificate-authority", "certificate-authority-data", "insecure-skip-tls-verify", "proxy-url",
                        "tls-server-name", "disable-compression");
                Cluster cluster = new Cluster();
                v.string("server", cluster::setServer);
                v.string("certificate-authority", cluster::setCertificateAuthority);
                v.string("certificate-authority-data", cluster::setCertificateAuthorityData);
                v.bool("insecure-skip-tls-verify", cluster::setInsecureSkipTlsVerify);
                v.string("proxy-url", cluster::setProxyUrl);
                v.string("tls-server-name", cluster::setTlsServerName);
                v.bool("disable-compression", cluster::setDisableCompression);
                return cluster;
            });
            n.setAdditionalProperty(CLUSTER_FILE, file);
            return n;
        });
        f.list("contexts", c::setContexts, e -> {
            e.only("name", "context");
            NamedContext n = new NamedContext();
            e.string("name", n::setName);
            e.object("context", n::setContext, v -> {
                v.only("cluster", "user", "namespace");
                Context context = new Context();
                v.string("cluster", context::setCluster);
                v.string("user", context::setUser);
                v.string("namespace", context::setNamespace);
                return context;
            });
            n.setAdditionalProperty(CONTEXT_FILE, file);
            return n;
        });
        f.list("users", c::setUsers, e -> {
            e.only("name", "user");
            NamedAuthInfo n = new NamedAuthInfo();
            e.string("name", n::setName);
            e.object("user", n::setUser, v -> {
                v.only("client-certificate", "client-certificate-data", "client-key", "client-key-data", "token", "tokenFile",
                        "username", "password");
                AuthInfo user = new AuthInfo();
                v.string("client-certificate", user::setClientCertificate);
                v.string("client-certificate-data", user::setClientCertificateData);
                v.string("client-key", user::setClientKey);
                v.string("client-key-data", user::setClientKeyData);
                v.string("token", user::setToken);
                v.string("tokenFile", user::setTokenFile);
                v.string("username", user::setUsername);
                v.string("password", user::setPassword);
                return user;
            });
            n.setAdditionalProperty(AUTH_INFO_FILE, file);
            return n;
        });
        f.object("preferences", c::setPreferences, v -> {
            v.only();
            return new Preferences();
        });
        return c;
    }

    /** One YAML mapping's fields, each set as fabric8's model would be: a key that is absent leaves the model's default. */
    private record Fields(Map<?, ?> map) {
        /** Unusual for this reader: a key outside {@code known} (fabric8's reader then reads the file). */
        void only(String... known) {
            Set<String> keys = Set.of(known);
            for (Object key : map.keySet()) {
                if (!(key instanceof String k) || !keys.contains(k)) {
                    throw new IllegalArgumentException("unusual kubeconfig key");
                }
            }
        }

        void string(String key, Consumer<String> set) {
            value(key, String.class, set);
        }

        void bool(String key, Consumer<Boolean> set) {
            value(key, Boolean.class, set);
        }

        <T> void object(String key, Consumer<T> set, Function<Fields, T> read) {
            if (map.containsKey(key)) {
                Object v = map.get(key);
                if (v != null && !(v instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("unusual kubeconfig value");
                }
                set.accept(v == null ? null : read.apply(new Fields((Map<?, ?>) v)));
            }
        }

        <T> void list(String key, Consumer<List<T>> set, Function<Fields, T> read) {
            if (map.containsKey(key)) {
                Object v = map.get(key);
                if (v != null && !(v instanceof List<?>)) {
                    throw new IllegalArgumentException("unusual kubeconfig value");
                }
                if (v == null) {
                    set.accept(null);
                    return;
                }
                List<T> items = new ArrayList<>();
                for (Object item : (List<?>) v) {
                    if (!(item instanceof Map<?, ?> m)) {
                        throw new IllegalArgumentException("unusual kubeconfig value");
                    }
                    items.add(read.apply(new Fields(m)));
                }
                set.accept(items);
            }
        }

        private <T> void value(String key, Class<T> type, Consumer<T> set) {
            if (map.containsKey(key)) {
                Object v = map.get(key);
                if (v != null && !type.isInstance(v)) {
                    throw new IllegalArgumentException("unusual kubeconfig value");
                }
                set.accept(type.cast(v));
            }
        }
    }
}
