package io.jenkins.plugins.openmaru.engine;

import io.jenkins.plugins.openmaru.engine.audit.WebhookNotifier;
import io.jenkins.plugins.openmaru.gate.HealthGate;
import io.jenkins.plugins.openmaru.model.GateSpec;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.traffic.TrafficRouterFactory;
import io.jenkins.plugins.openmaru.traffic.TrafficRouters;
import io.jenkins.plugins.openmaru.workload.SlotEndpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How an engine instance behaves.
 *
 * @param identity who drives rollouts started by this engine (the lease holder), e.g. {@code jenkins:shop#12}
 * @param gates builds a gate from its spec (the gate package's factory)
 * @param routers chooses each app's traffic router; default {@link TrafficRouters#AUTO} (the spec's choice, else detected)
 * @param strategies extra strategy handlers; canary, blue/green and rolling are built in
 * @param guardrails the policy checked before a rollout's first write; unset values come from the namespace's ConfigMap
 * @param notifier where decisions people must hear about are posted (docs/guardrails.md); null for nowhere
 */
public record EngineConfig(
        String identity,
        Clock clock,
        Duration leaseDuration,
        Function<GateSpec, HealthGate> gates,
        SlotEndpoints endpoints,
        TrafficRouterFactory routers,
        List<StrategyHandler> strategies,
        GuardrailPolicy guardrails,
        WebhookNotifier notifier) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);

    public EngineConfig {
        Objects.requireNonNull(identity, "identity");
        // Millisecond ticks: the times in messages, events and history read as people write them, never in nanoseconds.
        clock = clock == null ? Clock.tick(Clock.systemUTC(), Duration.ofMillis(1)) : clock;
        leaseDuration = leaseDuration == null ? DEFAULT_LEASE_DURATION : leaseDuration;
        gates = gates == null ? EngineConfig::noGates : gates;
        endpoints = endpoints == null ? SlotEndpoints.IN_CLUSTER : endpoints;
        routers = routers == null ? TrafficRouters.AUTO : routers;
        strategies = List.copyOf(strategies == null ? List.of() : strategies);
        guardrails = guardrails == null ? GuardrailPolicy.UNSET : guardrails;
    }

    public static EngineConfig of(String identity) {
        return new Builder(identity).build();
    }

    /** The same configuration for another actor, e.g. a drill started from the CLI's session. */
    public EngineConfig withIdentity(String id) {
        return edit(b -> b.identity = id);
    }

    public EngineConfig withClock(Clock c) {
        return edit(b -> b.clock = c);
    }

    public EngineConfig withLeaseDuration(Duration d) {
        return edit(b -> b.leaseDuration = d);
    }

    public EngineConfig withGates(Function<GateSpec, HealthGate> g) {
        return edit(b -> b.gates = g);
    }

    public EngineConfig withEndpoints(SlotEndpoints e) {
        return edit(b -> b.endpoints = e);
    }

    public EngineConfig withRouters(TrafficRouterFactory r) {
        return edit(b -> b.routers = r);
    }

    public EngineConfig withStrategy(StrategyHandler h) {
        return edit(b -> b.strategies.add(h));
    }

    public EngineConfig withGuardrails(GuardrailPolicy g) {
        return edit(b -> b.guardrails = g);
    }

    public EngineConfig withNotifier(WebhookNotifier n) {
        return edit(b -> b.notifier = n);
    }

    /** A copy with one change: the only place, with {@link Builder#build()}, that lists the values in order. */
    private EngineConfig edit(Consumer<Builder> change) {
        Builder b = new Builder(identity);
        b.clock = clock;
        b.leaseDuration = leaseDuration;
        b.gates = gates;
        b.endpoints = endpoints;
        b.routers = routers;
        b.strategies.addAll(strategies);
        b.guardrails = guardrails;
        b.notifier = notifier;
        change.accept(b);
        return b.build();
    }

    /** The values by name; unset ones take the defaults of the canonical constructor. */
    private static final class Builder {
        private String identity;
        private Clock clock;
        private Duration leaseDuration;
        private Function<GateSpec, HealthGate> gates;
        private SlotEndpoints endpoints;
        private TrafficRouterFactory routers;
        private final List<StrategyHandler> strategies = new ArrayList<>();
        private GuardrailPolicy guardrails;
        private WebhookNotifier notifier;

        private Builder(String identity) {
            this.identity = identity;
        }

        private EngineConfig build() {
            return new EngineConfig(identity, clock, leaseDuration, gates, endpoints, routers, strategies, guardrails, notifier);
        }
    }

    private static HealthGate noGates(GateSpec spec) {
        throw new ValidationException("gate", spec.kind(), "a gate kind this engine was configured with (none)");
    }
}
