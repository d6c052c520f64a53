package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code Available} and {@code Progressing} conditions Kubernetes' Deployment controller reports, with
 * its reasons and messages, for the status the simulated controller is about to write. A condition keeps
 * its {@code lastTransitionTime} while its status stays, and its {@code lastUpdateTime} while nothing of it
 * changes, as in the real controller. The ReplicaSet named in messages carries a hash of the pod template,
 * like the real one's (not the same digits: the sandbox creates no ReplicaSets).
 */
final class DeploymentConditions {
    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    /** The alphabet Kubernetes writes template hashes in (no vowels, no look-alike digits). */
    private static final String HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final KubernetesSerialization JSON = KubernetesJson.SERIALIZATION;

    private DeploymentConditions() {}

    /** The conditions the controller reports with {@code next}, a status of {@code d}; without times (see {@link #stamp}). */
    static List<DeploymentCondition> of(Deployment d, DeploymentStatus next) {
        int replicas = nz(next.getReplicas());
        int available = nz(next.getAvailableReplicas());
        List<DeploymentCondition> out = new ArrayList<>();
        out.add(available >= replicas - maxUnavailable(d, replicas)
                ? condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
                : condition(AVAILABLE, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."));
        String replicaSet = "ReplicaSet \"" + replicaSetName(d) + "\"";
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            out.add(condition(PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused"));
        } else if (nz(next.getUpdatedReplicas()) == replicas && available == replicas) {
            out.add(condition(PROGRESSING, "True", "NewReplicaSetAvailable", replicaSet + " has successfully progressed."));
        } else {
            out.add(condition(PROGRESSING, "True", "ReplicaSetUpdated", replicaSet + " is progressing."));
        }
        return out;
    }

    /** {@code next} with times: those of {@code current} where a condition's status (or all of it) stays, else {@code now}. */
    static List<DeploymentCondition> stamp(List<DeploymentCondition> next, List<DeploymentCondition> current, Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        List<DeploymentCondition> out = new ArrayList<>();
        for (DeploymentCondition c : next) {
            DeploymentCondition before = find(current, c.getType());
            boolean sameStatus = before != null && Objects.equals(before.getStatus(), c.getStatus());
            out.add(new DeploymentConditionBuilder(c)
                    .withLastTransitionTime(sameStatus && before.getLastTransitionTime() != null ? before.getLastTransitionTime() : at)
                    .withLastUpdateTime(sameStatus && sameReason(before, c) && before.getLastUpdateTime() != null ? before.getLastUpdateTime() : at)
                    .build());
        }
        return out;
    }

    /** The conditions without their times, to tell whether a status needs writing. */
    static List<DeploymentCondition> withoutTimes(List<DeploymentCondition> conditions) {
        if (conditions == null) {
            return List.of();
        }
        return conditions.stream().map(c -> condition(c.getType(), c.getStatus(), c.getReason(), c.getMessage())).toList();
    }

    /** How many pods may be unavailable during a rolling update: the real controller's rule. */
    private static int maxUnavailable(Deployment d, int replicas) {
        RollingUpdateDeployment rolling = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        boolean recreate = d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
        if (recreate || replicas == 0) {
            return 0;
        }
        IntOrString value = rolling == null || rolling.getMaxUnavailable() == null ? new IntOrString("25%") : rolling.getMaxUnavailable();
        int max = value.getIntVal() != null ? value.getIntVal()
                : replicas * Integer.parseInt(value.getStrVal().replace("%", "").trim()) / 100;
        return Math.min(max, replicas);
    }

    /** {@code <deployment>-<template hash>}, the name the ReplicaSet of the current template has. */
    static String replicaSetName(Deployment d) {
        byte[] template = JSON.asJson(d.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8);
        int hash = 0x811c9dc5;
        for (byte b : template) {
            hash = (hash ^ (b & 0xff)) * 0x01000193;
        }
        StringBuilder encoded = new StringBuilder();
        for (char c : Integer.toUnsignedString(hash).toCharArray()) {
            encoded.append(HASH_ALPHABET.charAt(c % HASH_ALPHABET.length()));
        }
        return d.getMetadata().getName() + "-" + encoded;
    }

    private static DeploymentCondition find(List<DeploymentCondition> conditions, String type) {
        return conditions == null ? null : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    private static boolean sameReason(DeploymentCondition a, DeploymentCondition b) {
        return Objects.equals(a.getReason(), b.getReason()) && Objects.equals(a.getMessage(), b.getMessage());
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
