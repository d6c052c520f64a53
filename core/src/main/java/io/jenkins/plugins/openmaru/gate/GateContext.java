package io.jenkins.plugins.openmaru.gate;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a gate may know about the rollout it judges. The URLs reach each slot's pods directly
 * (in a cluster: the slot Service; in the sandbox: a loopback port), so a gate can measure the
 * candidate alone. Slots are the {@code delivery.openmaru.io/slot} label values, {@code blue} or
 * {@code green} (not the {@code <app>-<slot>} resource names): gates derive resource names and fill
 * the {@code {{slot}}} placeholder from them.
 */
public record GateContext(
        KubernetesClient client,
        String namespace,
        String app,
        String stableSlot,
        String candidateSlot,
        String candidateImage,
        URI stableUrl,
        URI candidateUrl,
        Instant stepStartedAt) {
    public GateContext {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(candidateSlot, "candidateSlot");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
    }
}
