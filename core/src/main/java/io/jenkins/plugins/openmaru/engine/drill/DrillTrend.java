package io.jenkins.plugins.openmaru.engine.drill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.engine.EngineException;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.Dora;
import io.jenkins.plugins.openmaru.model.DoraFigures;
import io.jenkins.plugins.openmaru.model.DrillSummary;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last {@link #MAX_DRILLS} drill results of an app, in the ConfigMap {@code <app>-drills} (key
 * {@code drills.json}, oldest first). A ConfigMap of its own, because the engine rewrites the state
 * ConfigMap's data whole on every change.
 */
public final class DrillTrend {
    public static final int MAX_DRILLS = 20;
    public static final String KEY = "drills.json";
    private static final int RETRIES = 5;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KubernetesClient client;

    public DrillTrend(KubernetesClient client) {
        this.client = client;
    }

    public static String name(AppRef app) {
        return app.app() + "-drills";
    }

    /** The recorded drills, oldest first; empty when the app never had one. */
    public List<DrillSummary> load(AppRef app) {
        ConfigMap cm = get(app);
        return cm == null || cm.getData() == null || !cm.getData().containsKey(KEY) ? List.of() : read(cm.getData().get(KEY));
    }

    /** The app's DORA figures over {@link Dora#WINDOWS}: its release history, with the drills' measured times to restore apart. */
    public List<DoraFigures> dora(AppRef app, List<Release> history, Instant now) {
        return Dora.windows(history, load(app), now);
    }

    /** Appends one drill, dropping the oldest beyond {@link #MAX_DRILLS}. */
    public void append(AppRef app, DrillSummary summary) {
        KubernetesClientException last = null;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            ConfigMap cm = get(app);
            List<DrillSummary> all = new ArrayList<>(cm == null || cm.getData() == null || !cm.getData().containsKey(KEY)
                    ? List.of() : read(cm.getData().get(KEY)));
            all.add(summary);
            List<DrillSummary> kept = all.subList(Math.max(0, all.size() - MAX_DRILLS), all.size());
            ConfigMap next = new ConfigMapBuilder()
                    .withNewMetadata().withName(name(app)).withNamespace(app.namespace())
                    .withResourceVersion(cm == null ? null : cm.getMetadata().getResourceVersion())
                    .addToLabels(SlotWorkloads.APP_LABEL, app.app()).endMetadata()
                    .withData(Map.of(KEY, write(kept))).build();
            try {
                var resource = client.configMaps().inNamespace(app.namespace()).resource(next);
                if (cm == null) {
                    resource.create();
                } else {
                    resource.update();
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private ConfigMap get(AppRef app) {
        return client.configMaps().inNamespace(app.namespace()).withName(name(app)).get();
    }

    private static List<DrillSummary> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<DrillSummary>>() {});
        } catch (JsonProcessingException e) {
            throw new EngineException("ConfigMap key " + KEY + " is not a readable drill list: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(List<DrillSummary> drills) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(drills);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the drill trend", e);
        }
    }
}
