package io.jenkins.plugins.openmaru.jenkins;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Run;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.audit.WebhookNotifier;
import io.jenkins.plugins.openmaru.gate.ServiceCredential;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Manage Jenkins » System » OPENMARU Delivery: the named clusters steps and the build page connect to.
 * Credentials are resolved per run, so a folder's credentials serve that folder's jobs.
 */
@Extension
@Symbol("openmaru")
public class DeliveryConfiguration extends GlobalConfiguration {
    /** Set by tests, which have no running Jenkins to hold the extension. */
    private static volatile DeliveryConfiguration testInstance;

    private volatile List<DeliveryCluster> clusters = new ArrayList<>();
    private final transient CredentialLookup credentials;
    private final transient SharedClients clients;
    private final transient UnaryOperator<EngineConfig> tuning;

    public DeliveryConfiguration() {
        this.credentials = CredentialLookup.JENKINS;
        this.clients = new SharedClients(ClusterClients::create, SharedClients.IDLE, DeliveryExecutor.get());
        this.tuning = UnaryOperator.identity();
        load();
    }

    /**
     * A configuration that is not loaded from disk, for tests: {@code clients} builds each client (so a test
     * can close them all, as a restart does; connections share them as in production), {@code tuning} adjusts every
     * engine (clock, lease).
     */
    DeliveryConfiguration(List<DeliveryCluster> clusters, CredentialLookup credentials, Function<Config, KubernetesClient> clients,
            UnaryOperator<EngineConfig> tuning) {
        this(clusters, credentials, clients, SharedClients.IDLE, tuning);
    }

    /** As above, with clients closed once unused for {@code clientIdle} rather than {@link SharedClients#IDLE}. */
    DeliveryConfiguration(List<DeliveryCluster> clusters, CredentialLookup credentials, Function<Config, KubernetesClient> clients,
            Duration clientIdle, UnaryOperator<EngineConfig> tuning) {
        this.clusters = new ArrayList<>(clusters);
        this.credentials = credentials;
        this.clients = new SharedClients(clients, clientIdle, DeliveryExecutor.get());
        this.tuning = tuning;
    }

    public static DeliveryConfiguration get() {
        DeliveryConfiguration t = testInstance;
        return t != null ? t : ExtensionList.lookupSingleton(DeliveryConfiguration.class);
    }

    /** Makes {@link #get()} return {@code c} until the returned handle is closed. */
    static AutoCloseable useForTesting(DeliveryConfiguration c) {
        testInstance = c;
        return () -> testInstance = null;
    }

    @Override
    public String getDisplayName() {
        return "OPENMARU Delivery";
    }

    public List<DeliveryCluster> getClusters() {
        return List.copyOf(clusters);
    }

    @DataBoundSetter
    public void setClusters(List<DeliveryCluster> clusters) {
        this.clusters = new ArrayList<>(clusters == null ? List.of() : clusters);
        save();
    }

    /**
     * The System page's form. Binding calls {@link #setClusters} only for keys the form sent, and a repeatable
     * with no entry sends no {@code clusters} key, so the list is cleared first: otherwise removing the last
     * cluster would never be saved. A bad field becomes a {@link FormException} naming it (the page shows the
     * message rather than a stack trace), and the clusters stay as they were.
     */
    @Override
    public synchronized boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<DeliveryCluster> before = clusters;
        clusters = new ArrayList<>();
        try {
            req.bindJSON(this, json);
        } catch (ValidationException e) {
            clusters = before;
            throw new FormException(e.within("clusters").getMessage(), e.field());
        }
        save();
        return true;
    }

    /**
     * Where a step works: {@code clusterName} (null: the first configured cluster) and {@code namespace}
     * (null: that cluster's default namespace). Reads only the configuration; no cluster is contacted.
     *
     * @throws ValidationException naming {@code cluster} or {@code namespace}
     */
    public AppLocation locate(String clusterName, String namespace, String app) {
        DeliveryCluster cluster = find(clusterName);
        return new AppLocation(cluster.getName(), new AppRef(namespace(cluster, namespace), app));
    }

    /**
     * The namespace a step that acts on a whole namespace works in (openmaruApply): {@code namespace}, else
     * the cluster's default, as {@link #locate} chooses it.
     *
     * @throws ValidationException naming {@code cluster} or {@code namespace}
     */
    public String namespaceOf(String clusterName, String namespace) {
        return namespace(find(clusterName), namespace);
    }

    private static String namespace(DeliveryCluster cluster, String namespace) {
        String ns = DeliveryCluster.blankToNull(namespace);
        if (ns == null) {
            ns = cluster.getDefaultNamespace();
        }
        if (ns == null) {
            throw new ValidationException("namespace", "none", "a namespace, given to the step or as the default namespace of cluster "
                    + cluster.getName());
        }
        return ns;
    }

    /**
     * A connection to the location's cluster with the credential the run may use, on the client shared by all connections
     * to that cluster with that credential.
     *
     * @throws ValidationException naming {@code cluster}, {@code apiUrl} or {@code credentialsId}
     */
    public ClusterConnection connect(AppLocation location, Run<?, ?> run) {
        return connect(location.cluster(), location.namespace(), run);
    }

    /** A client of cluster {@code clusterName} working in {@code namespace}, as {@link #connect(AppLocation, Run)}. */
    public ClusterConnection connect(String clusterName, String namespace, Run<?, ?> run) {
        DeliveryCluster cluster = find(clusterName);
        Config config = config(cluster, run);
        config.setNamespace(namespace);
        return new ClusterConnection(clients.use(cluster.getName(), config), () -> new ClusterGateCredentials(prometheus(cluster, run), credentials, run),
                cluster.isInClusterDns(),
                engine -> tuning.apply(engine.withGuardrails(cluster.guardrailPolicy()).withNotifier(notifier(cluster, run))));
    }

    /** How many cluster clients are open, each shared by the connections to one cluster with one credential: for tests. */
    int openClients() {
        return clients.open();
    }

    /** The cluster's Prometheus with the token of its credential, or null when no URL is configured. */
    private ServiceCredential prometheus(DeliveryCluster cluster, Run<?, ?> run) {
        if (cluster.getPrometheusUrl() == null) {
            return null;
        }
        String id = cluster.getPrometheusCredentialsId();
        if (id == null) {
            return new ServiceCredential(URI.create(cluster.getPrometheusUrl()));
        }
        if (!(credentials.find(id, run) instanceof StringCredentials token)) {
            throw new ValidationException("prometheusCredentialsId", id, "a Secret text credential (bearer token) visible to this job for cluster "
                    + cluster.getName());
        }
        return new ServiceCredential(URI.create(cluster.getPrometheusUrl()), token.getSecret().getPlainText());
    }

    /** The cluster's notification webhook, its URL read from a Secret text credential; null when none is configured. */
    private WebhookNotifier notifier(DeliveryCluster cluster, Run<?, ?> run) {
        String id = cluster.getNotificationCredentialsId();
        if (id == null) {
            return null;
        }
        if (!(credentials.find(id, run) instanceof StringCredentials url)) {
            throw new ValidationException("notificationCredentialsId", id, "a Secret text credential (the webhook URL) visible to this job for cluster "
                    + cluster.getName());
        }
        return WebhookNotifier.of("notificationCredentialsId " + id, url.getSecret().getPlainText());
    }

    DeliveryCluster find(String clusterName) {
        List<DeliveryCluster> all = getClusters();
        if (all.isEmpty()) {
            throw new ValidationException("cluster", clusterName == null ? "none" : clusterName,
                    "a cluster configured in Manage Jenkins » System » OPENMARU Delivery (none is configured)");
        }
        String wanted = DeliveryCluster.blankToNull(clusterName);
        if (wanted == null) {
            return all.get(0);
        }
        return all.stream().filter(c -> c.getName().equals(wanted)).findFirst().orElseThrow(() -> new ValidationException("cluster", wanted,
                "one of the configured clusters " + all.stream().map(DeliveryCluster::getName).toList()));
    }

    /** Never built with {@code new ConfigBuilder()}: that would pick up the controller's own kubeconfig and service account. */
    private Config config(DeliveryCluster cluster, Run<?, ?> run) {
        Config config = Config.empty();
        if (cluster.getCredentialsId() != null) {
            StandardCredentials c = credentials.find(cluster.getCredentialsId(), run);
            if (c instanceof FileCredentials file) {
                config = fromKubeconfig(cluster, file);
            } else if (c instanceof StringCredentials token) {
                config.setOauthToken(token.getSecret().getPlainText());
            } else {
                throw new ValidationException("credentialsId", cluster.getCredentialsId(), (c == null ? "a credential visible to this job" : "a Secret text (token) or Secret file (kubeconfig) credential")
                        + " for cluster " + cluster.getName());
            }
        }
        if (cluster.getApiUrl() != null) {
            config.setMasterUrl(cluster.getApiUrl());
        } else if (config.getMasterUrl() == null || Config.DEFAULT_MASTER_URL.equals(config.getMasterUrl())) {
            throw new ValidationException("apiUrl", "none", "the API server URL of cluster " + cluster.getName() + ", or a kubeconfig credential naming it");
        }
        if (cluster.getCaCertificate() != null) {
            config.setCaCertData(Base64.getEncoder().encodeToString(cluster.getCaCertificate().getBytes(StandardCharsets.UTF_8)));
        }
        if (cluster.isInsecure()) {
            // Either the cluster setting or the kubeconfig's insecure-skip-tls-verify asks for it.
            config.setTrustCerts(true);
            config.setDisableHostnameVerification(true);
        }
        config.setUserAgent("openmaru-delivery-jenkins");
        // Pages (build page, Release History) wait on these requests: an unreachable cluster must answer quickly.
        config.setRequestRetryBackoffLimit(ClusterClients.REQUEST_RETRIES);
        return config;
    }

    private static Config fromKubeconfig(DeliveryCluster cluster, FileCredentials file) {
        String kubeconfig;
        try (InputStream in = file.getContent()) {
            kubeconfig = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValidationException("credentialsId", cluster.getCredentialsId(), "a readable kubeconfig file for cluster " + cluster.getName());
        }
        return KubeconfigCredential.read(cluster.getCredentialsId(), cluster.getName(), kubeconfig);
    }
}
