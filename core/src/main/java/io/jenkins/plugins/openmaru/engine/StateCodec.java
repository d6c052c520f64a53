package io.jenkins.plugins.openmaru.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jenkins.plugins.openmaru.model.CanaryStep;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.ScaleDown;
import io.jenkins.plugins.openmaru.model.Slot;
import io.jenkins.plugins.openmaru.model.Strategy;
import io.jenkins.plugins.openmaru.model.StrategySpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state ConfigMap's data: {@code active-slot}, {@code history.json}, {@code rollout.json} and
 * {@code scale-down.json}, readable with {@code oc get cm <app>-delivery -o yaml}. Reading a spec
 * runs the model's validation again, so a hand-edited state cannot smuggle in a bad spec.
 */
final class StateCodec {
    static final String ACTIVE_SLOT = "active-slot";
    static final String HISTORY = "history.json";
    static final String ROLLOUT = "rollout.json";
    static final String SCALE_DOWN = "scale-down.json";

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = CanaryStep.SetWeight.class, name = "setWeight"),
        @JsonSubTypes.Type(value = CanaryStep.Pause.class, name = "pause"),
        @JsonSubTypes.Type(value = CanaryStep.Analysis.class, name = "analysis")
    })
    private interface CanaryStepMixin {}

    /** Strategy specs are named by class so other strategies' specs persist without registering here. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "class")
    private interface StrategySpecMixin {}

    /** A rolling release and rollout have no slot: the key is left out rather than written as null. */
    private interface ReleaseMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Slot slot();
    }

    private interface RolloutMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        Slot candidateSlot();
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(CanaryStep.class, CanaryStepMixin.class)
            .addMixIn(StrategySpec.class, StrategySpecMixin.class)
            .addMixIn(Release.class, ReleaseMixin.class)
            .addMixIn(Rollout.class, RolloutMixin.class)
            .setPolymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                    .allowIfSubType("io.jenkins.plugins.openmaru.model.").build());

    private StateCodec() {}

    static Map<String, String> encode(DeliveryState s) {
        Map<String, String> data = new LinkedHashMap<>();
        if (s.activeSlot() != null) {
            data.put(ACTIVE_SLOT, s.activeSlot().label());
        }
        data.put(HISTORY, write(s.history()));
        if (s.rollout() != null) {
            data.put(ROLLOUT, write(s.rollout()));
        }
        if (s.scaleDown() != null) {
            data.put(SCALE_DOWN, write(s.scaleDown()));
        }
        return data;
    }

    static DeliveryState decode(Map<String, String> data) {
        if (data == null) {
            return DeliveryState.EMPTY;
        }
        try {
            Slot active = data.containsKey(ACTIVE_SLOT) ? Slot.fromLabel(data.get(ACTIVE_SLOT)) : null;
            List<Release> history = data.containsKey(HISTORY) ? JSON.readValue(data.get(HISTORY), new TypeReference<List<Release>>() {}) : List.of();
            Rollout rollout = data.containsKey(ROLLOUT) ? withStrategy(JSON.readValue(data.get(ROLLOUT), Rollout.class), history) : null;
            ScaleDown scaleDown = data.containsKey(SCALE_DOWN) ? JSON.readValue(data.get(SCALE_DOWN), ScaleDown.class) : null;
            return new DeliveryState(active, history, rollout, scaleDown);
        } catch (JsonProcessingException e) {
            throw new EngineException("the delivery state ConfigMap is not readable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A rollout without a strategy is a rollback that copied its target's missing one (a rollback entry older versions
     * wrote without a strategy). It reads with the strategy of the release it restores, else of the newest release that
     * names one, else canary: slot strategies roll back alike, and only a slot rollout lacks one (a rolling rollout
     * always names it).
     */
    private static Rollout withStrategy(Rollout r, List<Release> history) {
        if (r.strategy() != null) {
            return r;
        }
        Strategy named = history.stream().filter(x -> r.rollbackTo() != null && x.revision() == r.rollbackTo()).map(Release::strategy)
                .filter(Objects::nonNull).findFirst()
                .orElse(history.stream().map(Release::strategy).filter(Objects::nonNull).reduce((older, newer) -> newer).orElse(Strategy.CANARY));
        return r.toBuilder().strategy(named).build();
    }

    private static String write(Object o) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o.getClass().getSimpleName(), e);
        }
    }
}
