package io.jenkins.plugins.openmaru.engine;

import static io.jenkins.plugins.openmaru.engine.EngineHarness.awaitAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.openmaru.engine.audit.WebhookNotifier;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The notification webhook: a local HTTP server receives promote and abort as JSON with Slack's text; weight changes are not sent. */
class NotificationWebhookTest extends ClusterTestBase {
    private final WebhookReceiver webhook = new WebhookReceiver();
    private final List<JsonNode> received = webhook.received();
    private RolloutEngine notifying;

    @BeforeEach
    void webhook() {
        notifying = new RolloutEngine(cluster.newClient(), EngineConfig.of("test-engine").withClock(clock).withNotifier(webhook.notifier()));
        EngineHarness.firstRelease(notifying, client, app, "registry/shop:1.0");
        notifying.start(RolloutSpec.builder(app.namespace(), app.app(), "registry/shop:2.0")
                .canary(CanaryStep.setWeight(10), CanaryStep.pause(Duration.ofMinutes(1)), CanaryStep.setWeight(50), CanaryStep.pause()).build(),
                Actor.of("alice"));
        awaitAvailable(client, app, Slot.GREEN);
        notifying.reconcile(app);
        clock.advance(Duration.ofMinutes(1));
        notifying.reconcile(app);
    }

    @AfterEach
    void stop() {
        webhook.close();
    }

    @Test
    void aPromotionIsPostedAsJsonWithSlacksTextAndWeightChangesAreNot() {
        notifying.promote(app, new Actor("bob", "looks good"));

        assertThat(received).extracting(b -> b.get("reason").asText()).as("the first release is a deploy, not a promotion").containsExactly("Promoted");
        JsonNode b = received.get(0);
        assertThat(b.get("text").asText()).isEqualTo("Promoted " + app + " revision 2: " + b.get("message").asText());
        assertThat(b.get("message").asText()).startsWith("shop-green serves 100%").endsWith("(actor: bob, comment: looks good)");
        assertThat(b.get("app").asText()).isEqualTo("shop");
        assertThat(b.get("namespace").asText()).isEqualTo(app.namespace());
        assertThat(b.get("revision").asInt()).isEqualTo(2);
        assertThat(b.get("type").asText()).isEqualTo("Normal");
    }

    @Test
    void anAbortIsPostedAsAWarning() {
        notifying.abort(app, new Actor("carol", "errors"));

        assertThat(received).singleElement().satisfies(b -> {
            assertThat(b.get("reason").asText()).isEqualTo("Aborted");
            assertThat(b.get("type").asText()).isEqualTo("Warning");
            assertThat(b.get("text").asText()).startsWith(":warning: Aborted " + app + " revision 2: by carol: errors");
        });
    }

    @Test
    void aUrlThatIsNotHttpIsBadInputWithoutShowingIt() {
        assertThatThrownBy(() -> WebhookNotifier.of("OPENMARU_NOTIFY_URL", "hooks.slack.com/services/T000/B000/secret"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("OPENMARU_NOTIFY_URL: is not an http(s) URL (the value is not shown: a webhook URL is a secret)");
    }
}
