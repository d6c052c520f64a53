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
        return new EngineConfig(identity, null, null, null, null, null, null, null, null);
    }

    public EngineConfig withClock(Clock c) {
        return new EngineConfig(identity, c, leaseDuration, gates, endpoints, routers, strategies, guardrails, notifier);
    }

    public EngineConfig withLeaseDuration(Duration d) {
        return new EngineConfig(identity, clock, d, gates, endpoints, routers, strategies, guardrails, notifier);
    }

    public EngineConfig withGates(Function<GateSpec, HealthGate> g) {
        return new EngineConfig(identity, clock, leaseDuration, g, endpoints, routers, strategies, guardrails, notifier);
    }

    public EngineConfig withEndpoints(SlotEndpoints e) {
        return new EngineConfig(identity, clock, leaseDuration, gates, e, routers, strategies, guardrails, notifier);
    }

    public EngineConfig withRouters(TrafficRouterFactory r) {
        return new EngineConfig(identity, clock, leaseDuration, gates, endpoints, r, strategies, guardrails, notifier);
    }

    public EngineConfig withStrategy(StrategyHandler h) {
        List<StrategyHandler> all = new ArrayList<>(strategies);
        all.add(h);
        return new EngineConfig(identity, clock, leaseDuration, gates, endpoints, routers, all, guardrails, notifier);
    }

    public EngineConfig withGuardrails(GuardrailPolicy g) {
        return new EngineConfig(identity, clock, leaseDuration, gates, endpoints, routers, strategies, g, notifier);
    }

    public EngineConfig withNotifier(WebhookNotifier n) {
        return new EngineConfig(identity, clock, leaseDuration, gates, endpoints, routers, strategies, guardrails, n);
    }

    private static HealthGate noGates(GateSpec spec) {
        throw new ValidationException("gate", spec.kind(), "a gate kind this engine was configured with (none)");
    }
}
