package io.jenkins.plugins.openmaru.engine.audit;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.engine.StateStore;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DrillOutcome;
import io.jenkins.plugins.openmaru.model.DrillResult;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every rollout decision as a core/v1 Event on the app's state ConfigMap, so {@code oc get events}, the console and
 * the platform's log collector (EFK) see who decided what. One Event per rollout revision and reason: a repeated
 * decision (each weight change of a long canary) raises its {@code count} and {@code lastTimestamp}, as the kubelet
 * aggregates, instead of adding an Event. An audit write that fails is logged and never fails the rollout.
 */
public final class AuditTrail {
    public static final String COMPONENT = "openmaru-delivery";
    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    private static final String WARNING = "Warning";
    private static final String NORMAL = "Normal";

    /** Timeline actions that are decisions, and the Event reason and type each becomes; other actions are not audited. */
    private static final Map<String, String[]> REASONS = Map.ofEntries(
            Map.entry("start", new String[] {"RolloutStarted", NORMAL}),
            Map.entry("setWeight", new String[] {"WeightChanged", NORMAL}),
            Map.entry("analysis", new String[] {"GatePassed", NORMAL}),
            Map.entry("pause", new String[] {"Paused", NORMAL}),
            Map.entry("resume", new String[] {"Resumed", NORMAL}),
            Map.entry("promote", new String[] {"Promoted", NORMAL}),
            Map.entry("abort", new String[] {"Aborted", WARNING}),
            Map.entry("rollback", new String[] {"RollbackStarted", WARNING}),
            Map.entry("switch", new String[] {"RolledBack", WARNING}),
            Map.entry("rolledBack", new String[] {"RolledBack", WARNING}),
            Map.entry("guardrail", new String[] {"GuardrailWarning", WARNING}),
            Map.entry("routingRepaired", new String[] {"RoutingRepaired", WARNING}),
            Map.entry("routingMismatch", new String[] {"RoutingMismatch", WARNING}));

    private final KubernetesClient client;
    private final String reporter;
    private final WebhookNotifier notifier;

    /**
     * @param reporter the engine identity that writes, e.g. {@code jenkins:shop#12}
     * @param notifier where the decisions of {@link WebhookNotifier#NOTIFIED} are also posted; null for nowhere
     */
    public AuditTrail(KubernetesClient client, String reporter, WebhookNotifier notifier) {
        this.client = client;
        this.reporter = reporter;
        this.notifier = notifier;
    }

    /** Records {@code e} of rollout {@code revision} when its action is a decision. */
    public void record(AppRef app, int revision, RolloutEvent e) {
        String[] reason = REASONS.get(e.action());
        if (reason != null) {
            write(app, revision, reason[0], reason[1], message(e.actor(), e.detail(), e.comment()), e.at());
        }
    }

    /**
     * Records {@code e} unless the app's Event for its reason and revision already says the same: a finding that every idle
     * reconcile makes again, with no rollout timeline to remember it by, raises neither that Event's count nor another
     * notification while it stays the same. An Event that cannot be read counts as absent.
     */
    public void recordOnce(AppRef app, int revision, RolloutEvent e) {
        String[] reason = REASONS.get(e.action());
        if (reason == null) {
            return;
        }
        String message = message(e.actor(), e.detail(), e.comment());
        Event recorded;
        try {
            recorded = client.v1().events().inNamespace(app.namespace()).withName(name(app, revision, reason[0])).get();
        } catch (KubernetesClientException x) {
            recorded = null;
        }
        if (recorded == null || !message.equals(recorded.getMessage())) {
            write(app, revision, reason[0], reason[1], message, e.at());
        }
    }

    /** A rollout refused before its first write (revision {@code revision} would have been its number). */
    public void refused(AppRef app, int revision, Actor actor, String why, Instant at) {
        write(app, revision, "GuardrailRefused", WARNING, message(actor.name(), why, actor.comment()), at);
    }

    /** A drill's result: DrillPassed, or a DrillFailed warning (failed or aborted); other outcomes are not decisions. */
    public void drill(DrillResult result) {
        if (result.outcome() == DrillOutcome.PASSED || result.outcome().failed()) {
            String reason = result.outcome().failed() ? "DrillFailed" : "DrillPassed";
            write(result.app(), result.servingRevision(), reason, result.outcome().failed() ? WARNING : NORMAL,
                    message(result.actor(), result.id() + " " + result.outcome() + ": " + result.message(), ""), result.finishedAt());
        }
    }

    static String message(String actor, String detail, String comment) {
        return (detail == null || detail.isEmpty() ? "" : detail + " ") + "(actor: " + actor + (comment == null || comment.isEmpty() ? "" : ", comment: " + comment) + ")";
    }

    /** The Event's name: one per app, revision and reason, which is what aggregates repeats. */
    public static String name(AppRef app, int revision, String reason) {
        return StateStore.name(app) + ".r" + revision + "." + reason.toLowerCase(Locale.ROOT);
    }

    private void write(AppRef app, int revision, String reason, String type, String message, Instant at) {
        if (notifier != null && WebhookNotifier.NOTIFIED.contains(reason)) {
            notifier.post(app, revision, reason, type, message, at);
        }
        String name = name(app, revision, reason);
        try {
            var events = client.v1().events().inNamespace(app.namespace());
            try {
                events.resource(event(app, name, reason, type, message, at)).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                events.withName(name).edit(x -> new EventBuilder(x).withCount((x.getCount() == null ? 1 : x.getCount()) + 1)
                        .withLastTimestamp(at.toString()).withMessage(message).build());
            }
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, "audit Event {0} {1} of {2} not written: HTTP {3}", new Object[] {reason, name, app, e.getCode()});
        }
    }

    private Event event(AppRef app, String name, String reason, String type, String message, Instant at) {
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(app.namespace()).addToLabels("delivery.openmaru.io/app", app.app()).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("ConfigMap").withNamespace(app.namespace())
                .withName(StateStore.name(app)).endInvolvedObject()
                .withReason(reason).withType(type).withMessage(message).withCount(1)
                .withFirstTimestamp(at.toString()).withLastTimestamp(at.toString())
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(reporter).withAction(reason)
                .build();
    }
}
