package io.jenkins.plugins.openmaru.jenkins;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connection settings in a kubeconfig Secret file, read as data only. fabric8's own loading runs a
 * user's {@code exec} or {@code auth-provider} command and reads the files a kubeconfig names, on the
 * controller, and anyone who may create a credential (folder stores too) writes this file. So only the
 * current context's server, CA data, client certificate and key data and token are taken, into
 * {@link Config#empty()}; any other key of that context's cluster or user is refused before any request.
 */
final class KubeconfigCredential {
    private static final List<String> CLUSTER_KEYS = List.of("server", "certificate-authority-data", "insecure-skip-tls-verify");
    private static final List<String> USER_KEYS = List.of("token", "client-certificate-data", "client-key-data");
    /** Metadata that tools add and nothing acts on. */
    private static final Set<String> IGNORED_KEYS = Set.of("extensions");
    /** Why the dangerous keys are refused, so the user knows it is deliberate. */
    private static final Map<String, String> WHY_REFUSED = Map.of(
            "exec", "it would run a command on the Jenkins controller",
            "auth-provider", "it would run a login plugin on the Jenkins controller",
            "certificate-authority", "it would read a file on the Jenkins controller",
            "client-certificate", "it would read a file on the Jenkins controller",
            "client-key", "it would read a file on the Jenkins controller",
            "tokenFile", "it would read a file on the Jenkins controller",
            "username", "basic authentication is not supported: use a token",
            "password", "basic authentication is not supported: use a token");

    private final String credentialsId;
    private final String clusterName;

    private KubeconfigCredential(String credentialsId, String clusterName) {
        this.credentialsId = credentialsId;
        this.clusterName = clusterName;
    }

    /**
     * The settings of the kubeconfig's current context.
     *
     * @throws ValidationException naming {@code credentialsId}, the credential and the refused key; never quoting the file
     */
    static Config read(String credentialsId, String clusterName, String kubeconfig) {
        return new KubeconfigCredential(credentialsId, clusterName).config(kubeconfig);
    }

    private Config config(String kubeconfig) {
        Map<?, ?> file = parse(kubeconfig);
        if (!(file.get("current-context") instanceof String current)) {
            throw refused("a kubeconfig with a current-context");
        }
        Map<?, ?> context = entry(file, "contexts", current, "context");
        if (context == null) {
            throw refused("a kubeconfig whose current-context " + current + " is listed under contexts");
        }
        Map<?, ?> cluster = context.get("cluster") instanceof String name ? entry(file, "clusters", name, "cluster") : null;
        if (cluster == null) {
            throw refused("a kubeconfig whose current context " + current + " names a cluster listed under clusters");
        }
        Map<?, ?> user = context.get("user") instanceof String name ? entry(file, "users", name, "user") : null;
        check(cluster, "cluster", CLUSTER_KEYS);
        Config config = Config.empty();
        String server = text(cluster, "server");
        if (server != null) {
            requireHttpUrl(server);
            config.setMasterUrl(server);
        }
        config.setCaCertData(text(cluster, "certificate-authority-data"));
        if (Boolean.TRUE.equals(cluster.get("insecure-skip-tls-verify"))) {
            config.setTrustCerts(true);
            config.setDisableHostnameVerification(true);
        }
        if (user != null) {
            check(user, "user", USER_KEYS);
            config.setOauthToken(text(user, "token"));
            config.setClientCertData(text(user, "client-certificate-data"));
            String key = text(user, "client-key-data");
            if (key != null) {
                config.setClientKeyData(key);
                config.setClientKeyAlgo(Config.getKeyAlgorithm(null, key));
            }
        }
        return config;
    }

    private Map<?, ?> parse(String kubeconfig) {
        try {
            return Serialization.unmarshal(kubeconfig, Map.class);
        } catch (RuntimeException e) {
            // The parser's message quotes the file: say only which credential is unreadable.
            throw refused("a readable kubeconfig file (YAML)");
        }
    }

    /** The {@code body} of the entry called {@code name} in the list {@code list}, e.g. users[name=u].user. */
    private static Map<?, ?> entry(Map<?, ?> file, String list, String name, String body) {
        if (file.get(list) instanceof List<?> entries) {
            for (Object e : entries) {
                if (e instanceof Map<?, ?> m && name.equals(m.get("name"))) {
                    return m.get(body) instanceof Map<?, ?> b ? b : Map.of();
                }
            }
        }
        return null;
    }

    private void check(Map<?, ?> section, String kind, List<String> accepted) {
        for (Object key : section.keySet()) {
            if (!accepted.contains(key) && !IGNORED_KEYS.contains(key)) {
                String why = WHY_REFUSED.getOrDefault(key, "it is not supported");
                throw refused("a kubeconfig without " + key + " in its " + kind + " (" + why + "); accepted " + kind + " keys: "
                        + String.join(", ", accepted));
            }
        }
    }

    private void requireHttpUrl(String server) {
        try {
            DeliveryCluster.requireHttpUrl("server", server);
        } catch (ValidationException e) {
            throw refused("a kubeconfig whose cluster server is an http(s) URL");
        }
    }

    private static String text(Map<?, ?> section, String key) {
        return section.get(key) instanceof String s && !s.isBlank() ? s.trim() : null;
    }

    private ValidationException refused(String expected) {
        return new ValidationException("credentialsId", credentialsId, expected + " for cluster " + clusterName);
    }
}
