package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the engine needs to roll {@code image} out to {@code target}. Validated here, once:
 * a spec that exists is valid.
 *
 * @param replicas pods in the candidate slot; null keeps the stable slot's count (1 on a first deployment)
 * @param port the container and Service port the slot Services target
 * @param env environment variables set on the candidate's container
 * @param scaleDownDelay how long the previous slot stays warm after promotion (a rollback inside it is one write)
 * @param abortScaleDownDelay how long an aborted candidate stays up for inspection before it is scaled to 0
 * @param progressDeadline how long the candidate may take to become available before the rollout aborts
 * @param router how traffic is split; null = chosen from what exists in the cluster (see {@link RouterKind})
 * @param bake how long the gates keep measuring the new stable after promotion; a failure then rolls back to the
 *     still-warm previous slot in one routing write. Null = no bake. At most {@code scaleDownDelay}.
 */
public record RolloutSpec(
        AppRef target,
        String image,
        StrategySpec strategySpec,
        Integer replicas,
        int port,
        Map<String, String> env,
        Duration scaleDownDelay,
        Duration abortScaleDownDelay,
        Duration progressDeadline,
        RouterKind router,
        Duration bake) {

    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofMinutes(10);
    public static final Duration DEFAULT_ABORT_SCALE_DOWN_DELAY = Duration.ofMinutes(10);
    public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMinutes(10);
    public static final int DEFAULT_PORT = 8080;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public RolloutSpec {
        Objects.requireNonNull(target, "target");
        if (strategySpec == null) {
            throw new ValidationException("strategy", "null", Strategy.allowed());
        }
        requireTaggedImage(image);
        if (replicas != null && (replicas < 1 || replicas > 1000)) {
            throw new ValidationException("replicas", replicas, "an integer from 1 to 1000, or none to keep the stable slot's count");
        }
        if (port < 1 || port > 65535) {
            throw new ValidationException("port", port, "a TCP port from 1 to 65535");
        }
        env = env == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(env));
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new ValidationException("env", e.getKey(), "a variable name of letters, digits and '_' not starting with a digit");
            }
        }
        scaleDownDelay = Durations.requireNonNegative("scaleDownDelay", orDefault(scaleDownDelay, DEFAULT_SCALE_DOWN_DELAY));
        abortScaleDownDelay = Durations.requireNonNegative("abortScaleDownDelay", orDefault(abortScaleDownDelay, DEFAULT_ABORT_SCALE_DOWN_DELAY));
        progressDeadline = orDefault(progressDeadline, DEFAULT_PROGRESS_DEADLINE);
        if (progressDeadline.isNegative() || progressDeadline.isZero()) {
            throw new ValidationException("progressDeadline", progressDeadline, "a positive duration such as 10m");
        }
        if (router != null && strategySpec.strategy() == Strategy.ROLLING) {
            // A rolling update has one Deployment and no slots: there is no weight for a router to move.
            throw new ValidationException("router", router.label(), "auto for a rolling update (Service <app> selects every pod; no router is involved)");
        }
        validateBake(bake, scaleDownDelay, strategySpec);
    }

    /** The warm previous slot is what a bake rolls back to, so it must outlive the bake; and a bake without gates measures nothing. */
    private static void validateBake(Duration bake, Duration scaleDownDelay, StrategySpec strategySpec) {
        if (bake == null) {
            return;
        }
        if (bake.isNegative() || bake.isZero()) {
            throw new ValidationException("bake", Durations.format(bake), "a positive duration such as 15m, or none for no bake");
        }
        if (strategySpec.strategy() == Strategy.ROLLING) {
            throw new ValidationException("bake", Durations.format(bake), "none for a rolling update (no warm previous slot to roll back to); use " + Strategy.CANARY.label() + " or " + Strategy.BLUE_GREEN.label());
        }
        if (bake.compareTo(scaleDownDelay) > 0) {
            throw new ValidationException("bake", Durations.format(bake), "at most scaleDownDelay " + Durations.format(scaleDownDelay)
                    + " (the previous slot must stay warm for the whole bake)");
        }
        if (strategySpec.bakeAnalysis().isEmpty()) {
            throw new ValidationException("bake", Durations.format(bake), "none, or a rollout with gates to measure during the bake"
                    + " (a canary analysis step or blue/green gates)");
        }
    }

    public Strategy strategy() {
        return strategySpec.strategy();
    }

    public String namespace() {
        return target.namespace();
    }

    public String app() {
        return target.app();
    }

    /** Rejects an image without a tag or digest: {@code :latest}-by-default would make history meaningless. */
    public static String requireTaggedImage(String image) {
        if (image == null || image.chars().anyMatch(Character::isWhitespace) || !ImageReferences.isPinnedOrTagged(image)) {
            throw new ValidationException("image", image,
                    "an image reference with a tag or digest, e.g. registry/app:1.4.2 or registry/app@sha256:<64 hex digits>");
        }
        return image;
    }

    private static Duration orDefault(Duration d, Duration fallback) {
        return d == null ? fallback : d;
    }

    public static Builder builder(String namespace, String app, String image) {
        return new Builder(new AppRef(namespace, app), image);
    }

    /** Collects optional fields; {@link #build()} validates. */
    public static final class Builder {
        private final AppRef target;
        private final String image;
        private StrategySpec strategySpec;
        private Integer replicas;
        private int port = DEFAULT_PORT;
        private Map<String, String> env = Map.of();
        private Duration scaleDownDelay;
        private Duration abortScaleDownDelay;
        private Duration progressDeadline;
        private RouterKind router;
        private Duration bake;

        private Builder(AppRef target, String image) {
            this.target = target;
            this.image = image;
        }

        public Builder strategy(StrategySpec spec) {
            this.strategySpec = spec;
            return this;
        }

        public Builder canary(List<CanaryStep> steps) {
            return strategy(new CanarySpec(steps));
        }

        public Builder canary(CanaryStep... steps) {
            return canary(List.of(steps));
        }

        public Builder blueGreen(BlueGreenSpec spec) {
            return strategy(spec);
        }

        public Builder rolling(RollingSpec spec) {
            return strategy(spec);
        }

        /** Null = automatic. */
        public Builder router(RouterKind kind) {
            this.router = kind;
            return this;
        }

        public Builder replicas(Integer n) {
            this.replicas = n;
            return this;
        }

        public Builder port(int p) {
            this.port = p;
            return this;
        }

        public Builder env(Map<String, String> e) {
            this.env = e;
            return this;
        }

        public Builder scaleDownDelay(Duration d) {
            this.scaleDownDelay = d;
            return this;
        }

        public Builder abortScaleDownDelay(Duration d) {
            this.abortScaleDownDelay = d;
            return this;
        }

        public Builder progressDeadline(Duration d) {
            this.progressDeadline = d;
            return this;
        }

        /** Null = no bake. */
        public Builder bake(Duration d) {
            this.bake = d;
            return this;
        }

        public RolloutSpec build() {
            return new RolloutSpec(target, image, strategySpec, replicas, port, env, scaleDownDelay, abortScaleDownDelay, progressDeadline, router, bake);
        }
    }
}
