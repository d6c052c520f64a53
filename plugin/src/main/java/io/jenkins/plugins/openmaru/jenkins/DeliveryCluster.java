package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.net.URI;
import java.util.regex.Pattern;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * One cluster in the global configuration: where its API server is, how to trust it, and which
 * credential authenticates (by id only; the secret stays in the credentials store until a run needs it).
 */
public final class DeliveryCluster extends AbstractDescribableImpl<DeliveryCluster> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private final String name;
    private String apiUrl;
    private String defaultNamespace;
    private String caCertificate;
    private boolean insecure;
    private String credentialsId;
    private String prometheusUrl;
    private String prometheusCredentialsId;
    private boolean inClusterDns;
    private String guardrailMode;
    private String allowedRegistries;
    private boolean requireDigest;
    private String notificationCredentialsId;

    @DataBoundConstructor
    public DeliveryCluster(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", name, "a cluster name of letters, digits, '.', '_' or '-', such as prod-east");
        }
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    /** The API server, e.g. {@code https://api.ocp.example.com:6443}; may be left out when the credential is a kubeconfig. */
    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = blankToNull(apiUrl);
        if (this.apiUrl != null) {
            requireHttpUrl("apiUrl", this.apiUrl);
        }
    }

    public String getDefaultNamespace() {
        return defaultNamespace;
    }

    @DataBoundSetter
    public void setDefaultNamespace(String defaultNamespace) {
        this.defaultNamespace = blankToNull(defaultNamespace);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    /** PEM of the CA that signed the API server's certificate; not secret. */
    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = blankToNull(caCertificate);
    }

    public boolean isInsecure() {
        return insecure;
    }

    /** Trust any server certificate. Explicit, never a default: it lets anyone in the middle read the token. */
    @DataBoundSetter
    public void setInsecure(boolean insecure) {
        this.insecure = insecure;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** A Secret text (bearer token) or Secret file (kubeconfig) credential. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getPrometheusUrl() {
        return prometheusUrl;
    }

    /** Where prometheus and compare gates query by default, e.g. the cluster's Thanos querier. */
    @DataBoundSetter
    public void setPrometheusUrl(String prometheusUrl) {
        this.prometheusUrl = blankToNull(prometheusUrl);
        if (this.prometheusUrl != null) {
            requireHttpUrl("prometheusUrl", this.prometheusUrl);
        }
    }

    public String getPrometheusCredentialsId() {
        return prometheusCredentialsId;
    }

    /** A Secret text credential whose token is sent to {@link #getPrometheusUrl()} as {@code Authorization: Bearer}. */
    @DataBoundSetter
    public void setPrometheusCredentialsId(String prometheusCredentialsId) {
        this.prometheusCredentialsId = blankToNull(prometheusCredentialsId);
    }

    public boolean isInClusterDns() {
        return inClusterDns;
    }

    /**
     * Gates reach each slot by its Service's DNS name, {@code http://<app>-<slot>.<namespace>.svc:<port>}, which
     * resolves only inside the cluster: for a controller running there. Off (the default), they go through the
     * API server's service proxy with the cluster's credential, which works from anywhere.
     */
    @DataBoundSetter
    public void setInClusterDns(boolean inClusterDns) {
        this.inClusterDns = inClusterDns;
    }

    public String getGuardrailMode() {
        return guardrailMode;
    }

    /** enforce, warn or off (docs/guardrails.md); blank leaves it to the namespace's ConfigMap openmaru-guardrails. */
    @DataBoundSetter
    public void setGuardrailMode(String guardrailMode) {
        GuardrailPolicy.parse(guardrailMode, null, null);
        this.guardrailMode = blankToNull(guardrailMode);
    }

    public String getAllowedRegistries() {
        return allowedRegistries;
    }

    /** Registries candidate images must come from, separated by commas or new lines; blank leaves it to the namespace. */
    @DataBoundSetter
    public void setAllowedRegistries(String allowedRegistries) {
        GuardrailPolicy.parse(null, allowedRegistries, null);
        this.allowedRegistries = blankToNull(allowedRegistries);
    }

    public boolean isRequireDigest() {
        return requireDigest;
    }

    /** Refuse images not pinned by digest; unchecked leaves it to the namespace. */
    @DataBoundSetter
    public void setRequireDigest(boolean requireDigest) {
        this.requireDigest = requireDigest;
    }

    public String getNotificationCredentialsId() {
        return notificationCredentialsId;
    }

    /** A Secret text credential holding the webhook URL that promote, abort, rollback and drill results are posted to. */
    @DataBoundSetter
    public void setNotificationCredentialsId(String notificationCredentialsId) {
        this.notificationCredentialsId = blankToNull(notificationCredentialsId);
    }

    /** The guardrails of this cluster; what it leaves unset comes from each namespace's ConfigMap. */
    GuardrailPolicy guardrailPolicy() {
        return GuardrailPolicy.parse(guardrailMode, allowedRegistries, requireDigest ? "true" : null);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static void requireHttpUrl(String field, String url) {
        try {
            URI u = URI.create(url);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the field name
        }
        throw new ValidationException(field, url, "an http(s) URL such as https://api.ocp.example.com:6443");
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<DeliveryCluster> {
        @Override
        public String getDisplayName() {
            return "Cluster";
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            return check(() -> new DeliveryCluster(value));
        }

        public FormValidation doCheckApiUrl(@QueryParameter String value) {
            return check(() -> new DeliveryCluster("check").setApiUrl(value));
        }

        public FormValidation doCheckPrometheusUrl(@QueryParameter String value) {
            return check(() -> new DeliveryCluster("check").setPrometheusUrl(value));
        }

        public FormValidation doCheckGuardrailMode(@QueryParameter String value) {
            return check(() -> new DeliveryCluster("check").setGuardrailMode(value));
        }

        public FormValidation doCheckAllowedRegistries(@QueryParameter String value) {
            return check(() -> new DeliveryCluster("check").setAllowedRegistries(value));
        }

        private static FormValidation check(Runnable validation) {
            try {
                validation.run();
                return FormValidation.ok();
            } catch (ValidationException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
