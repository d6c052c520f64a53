package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a rollback drill does: roll the app back to {@code toRevision} (null: the release before the
 * serving one), verify it serves, and roll forward again. Readiness and the app's health URL are
 * always checked; {@code gates} adds more.
 *
 * @param maxTimeToRestore the target: each restore (back and forward) must serve, verified, within it
 * @param timeout how long to wait for a release to become available before abandoning the restore
 * @param environment a label for reports, e.g. {@code prod}; empty when none
 * @param dryRun plan only: read the cluster, write nothing
 */
public record DrillSpec(
        AppRef app,
        Integer toRevision,
        Duration maxTimeToRestore,
        List<GateSpec> gates,
        boolean rollForward,
        String environment,
        boolean dryRun,
        Duration timeout) {

    public static final Duration DEFAULT_MAX_TIME_TO_RESTORE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration MAX_DURATION = Duration.ofHours(24);
    private static final Pattern ENVIRONMENT = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62})?");

    public DrillSpec {
        Objects.requireNonNull(app, "app");
        if (toRevision != null && toRevision < 1) {
            throw new ValidationException("toRevision", toRevision, "a revision number from the app's history (1 or more)");
        }
        maxTimeToRestore = positive("maxTimeToRestore", maxTimeToRestore == null ? DEFAULT_MAX_TIME_TO_RESTORE : maxTimeToRestore);
        timeout = positive("timeout", timeout == null ? DEFAULT_TIMEOUT : timeout);
        gates = List.copyOf(gates == null ? List.of() : gates);
        for (int i = 0; i < gates.size(); i++) {
            if (!gates.get(i).gateKind().measures()) {
                throw new ValidationException("gates[" + i + "]", gates.get(i).displayName(),
                        "a measuring gate (" + GateKind.measuring() + "): a drill does not wait for a person");
            }
        }
        environment = environment == null ? "" : environment.trim();
        if (!environment.isEmpty() && !ENVIRONMENT.matcher(environment).matches()) {
            throw new ValidationException("environment", environment, "a label of letters, digits, '.', '_' or '-' (at most 63), e.g. prod");
        }
    }

    private static Duration positive(String field, Duration d) {
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
            throw new ValidationException(field, Durations.format(d.isNegative() ? d.negated() : d) + (d.isNegative() ? " (negative)" : ""),
                    "a duration above 0 and at most 24h, such as 30s or 2m");
        }
        return d;
    }

    public static Builder builder(String namespace, String app) {
        return new Builder(new AppRef(namespace, app));
    }

    /** Collects the parameters as users write them; {@link #build()} validates. */
    public static final class Builder {
        private final AppRef app;
        private Integer toRevision;
        private Duration maxTimeToRestore;
        private final List<GateSpec> gates = new ArrayList<>();
        private boolean rollForward = true;
        private String environment;
        private boolean dryRun;
        private Duration timeout;

        private Builder(AppRef app) {
            this.app = app;
        }

        public Builder toRevision(Integer revision) {
            this.toRevision = revision;
            return this;
        }

        public Builder maxTimeToRestore(Duration d) {
            this.maxTimeToRestore = d;
            return this;
        }

        /** @param text a duration as users write it, e.g. {@code 30s}; null or blank keeps the default */
        public Builder maxTimeToRestore(String text) {
            this.maxTimeToRestore = text == null || text.isBlank() ? null : Durations.parse("maxTimeToRestore", text);
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        public Builder timeout(String text) {
            this.timeout = text == null || text.isBlank() ? null : Durations.parse("timeout", text);
            return this;
        }

        public Builder gate(GateSpec g) {
            gates.add(Objects.requireNonNull(g, "gate"));
            return this;
        }

        /** Gates in the compact form ({@code http:/ready}, {@code prometheus:...<0.01}); a bad one names its index. */
        public Builder gates(List<String> compact) {
            for (String text : compact == null ? List.<String>of() : compact) {
                int index = gates.size();
                try {
                    gates.add(GateSpec.parse(text));
                } catch (ValidationException e) {
                    throw new ValidationException("gates[" + index + "]", e.getMessage());
                }
            }
            return this;
        }

        public Builder rollForward(boolean b) {
            this.rollForward = b;
            return this;
        }

        public Builder environment(String env) {
            this.environment = env;
            return this;
        }

        public Builder dryRun(boolean b) {
            this.dryRun = b;
            return this;
        }

        public DrillSpec build() {
            return new DrillSpec(app, toRevision, maxTimeToRestore, gates, rollForward, environment, dryRun, timeout);
        }
    }
}
