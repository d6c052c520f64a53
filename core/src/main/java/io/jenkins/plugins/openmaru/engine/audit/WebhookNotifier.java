package io.jenkins.plugins.openmaru.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Posts the decisions people must hear about (promote, abort, rollback, a failed drill or a passed one, routing found
 * disagreeing with the serving release) as JSON to a webhook. The body carries Slack's {@code text} next to the
 * structured fields, so a Slack incoming webhook shows it as it is. The URL is a secret (a Slack webhook's path is its
 * token): it is never logged. A notification that fails is logged and never fails the rollout.
 */
public final class WebhookNotifier {
    /**
     * The Event reasons that are notified; a failed gate is an {@code Aborted} whose message holds the gate's evidence. Routing
     * that disagreed with the serving release (put back, or left because that slot is not warm) is recorded once while it
     * stays the same ({@code RoutingRepair}), so it is posted once too.
     */
    public static final Set<String> NOTIFIED = Set.of("Promoted", "Aborted", "RollbackStarted", "RolledBack", "DrillPassed", "DrillFailed",
            "GuardrailRefused", "RoutingRepaired", "RoutingMismatch");
    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI url;
    /** One per controller, built on first use: each client owns a selector thread, and every engine of a cluster with notifications has a notifier. */
    private final HttpClient http = SharedHttp.CLIENT;

    private static final class SharedHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    private WebhookNotifier(URI url) {
        this.url = url;
    }

    /**
     * A notifier posting to {@code url}; null when it is blank.
     *
     * @param field where the URL came from, named (without the URL, which is secret) when it is not http(s)
     */
    public static WebhookNotifier of(String field, String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URI u = URI.create(url.trim());
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return new WebhookNotifier(u);
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the value
        }
        throw new ValidationException(field, "is not an http(s) URL (the value is not shown: a webhook URL is a secret)");
    }

    void post(AppRef app, int revision, String reason, String type, String message, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", ("Warning".equals(type) ? ":warning: " : "") + reason + " " + app + " revision " + revision + ": " + message);
        body.put("app", app.app());
        body.put("namespace", app.namespace());
        body.put("revision", revision);
        body.put("reason", reason);
        body.put("type", type);
        body.put("message", message);
        body.put("at", at.toString());
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                LOG.log(Level.WARNING, "notification {0} of {1} answered HTTP {2}", new Object[] {reason, app, r.statusCode()});
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notification", e);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "notification {0} of {1} not sent: {2}", new Object[] {reason, app, e.getClass().getSimpleName()});
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
