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

    /** A context built by naming its values; {@code namespace}, {@code app}, {@code candidateSlot} and {@code stepStartedAt} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this context's values. */
    public Builder toBuilder() {
        return new Builder().client(client).namespace(namespace).app(app).stableSlot(stableSlot).candidateSlot(candidateSlot)
                .candidateImage(candidateImage).stableUrl(stableUrl).candidateUrl(candidateUrl).stepStartedAt(stepStartedAt);
    }

    /** Names each value; {@link #build()} checks the required ones. */
    public static final class Builder {
        private KubernetesClient client;
        private String namespace;
        private String app;
        private String stableSlot;
        private String candidateSlot;
        private String candidateImage;
        private URI stableUrl;
        private URI candidateUrl;
        private Instant stepStartedAt;

        public Builder client(KubernetesClient value) {
            client = value;
            return this;
        }

        public Builder namespace(String value) {
            namespace = value;
            return this;
        }

        public Builder app(String value) {
            app = value;
            return this;
        }

        public Builder stableSlot(String value) {
            stableSlot = value;
            return this;
        }

        public Builder candidateSlot(String value) {
            candidateSlot = value;
            return this;
        }

        public Builder candidateImage(String value) {
            candidateImage = value;
            return this;
        }

        public Builder stableUrl(URI value) {
            stableUrl = value;
            return this;
        }

        public Builder candidateUrl(URI value) {
            candidateUrl = value;
            return this;
        }

        public Builder stepStartedAt(Instant value) {
            stepStartedAt = value;
            return this;
        }

        public GateContext build() {
            return new GateContext(client, namespace, app, stableSlot, candidateSlot, candidateImage, stableUrl, candidateUrl, stepStartedAt);
        }
    }
}
