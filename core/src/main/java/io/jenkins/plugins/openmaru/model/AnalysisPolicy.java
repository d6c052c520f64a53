package io.jenkins.plugins.openmaru.model;

import java.time.Duration;
import java.util.Objects;

/**
 * How often gates measure and how many bad measurements a step tolerates (Argo Rollouts'
 * failureLimit / inconclusiveLimit / consecutiveErrorLimit).
 *
 * @param interval time between measurements
 * @param count measurements to take before the analysis succeeds
 * @param failureLimit FAIL measurements tolerated; one more fails the analysis
 * @param inconclusiveLimit INCONCLUSIVE measurements tolerated; one more triggers {@code onInconclusive}
 * @param consecutiveErrorLimit ERROR measurements in a row tolerated; one more fails the analysis
 * @param onInconclusive what an exhausted inconclusive limit does
 */
public record AnalysisPolicy(
        Duration interval,
        int count,
        int failureLimit,
        int inconclusiveLimit,
        int consecutiveErrorLimit,
        OnInconclusive onInconclusive) {

    public enum OnInconclusive { PAUSE, ABORT }

    public static final AnalysisPolicy DEFAULT =
            new AnalysisPolicy(Duration.ofSeconds(30), 3, 0, 1, 4, OnInconclusive.PAUSE);

    public AnalysisPolicy {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(onInconclusive, "onInconclusive");
        if (interval.isNegative() || interval.isZero()) {
            throw new ValidationException("analysis.interval", interval, "a positive duration such as 30s");
        }
        if (count < 1) {
            throw new ValidationException("analysis.count", count, "an integer of at least 1");
        }
        if (failureLimit < 0) {
            throw new ValidationException("analysis.failureLimit", failureLimit, "an integer of at least 0");
        }
        if (inconclusiveLimit < 0) {
            throw new ValidationException("analysis.inconclusiveLimit", inconclusiveLimit, "an integer of at least 0");
        }
        if (consecutiveErrorLimit < 0) {
            throw new ValidationException("analysis.consecutiveErrorLimit", consecutiveErrorLimit, "an integer of at least 0");
        }
    }

    /** A policy built by naming the values that differ from {@link #DEFAULT}. */
    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    /** A builder starting from this policy's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Names each value; {@link #build()} validates them together. */
    public static final class Builder {
        private Duration interval;
        private int count;
        private int failureLimit;
        private int inconclusiveLimit;
        private int consecutiveErrorLimit;
        private OnInconclusive onInconclusive;

        private Builder(AnalysisPolicy from) {
            interval = from.interval;
            count = from.count;
            failureLimit = from.failureLimit;
            inconclusiveLimit = from.inconclusiveLimit;
            consecutiveErrorLimit = from.consecutiveErrorLimit;
            onInconclusive = from.onInconclusive;
        }

        public Builder interval(Duration d) {
            interval = d;
            return this;
        }

        public Builder count(int n) {
            count = n;
            return this;
        }

        public Builder failureLimit(int n) {
            failureLimit = n;
            return this;
        }

        public Builder inconclusiveLimit(int n) {
            inconclusiveLimit = n;
            return this;
        }

        public Builder consecutiveErrorLimit(int n) {
            consecutiveErrorLimit = n;
            return this;
        }

        public Builder onInconclusive(OnInconclusive o) {
            onInconclusive = o;
            return this;
        }

        public AnalysisPolicy build() {
            return new AnalysisPolicy(interval, count, failureLimit, inconclusiveLimit, consecutiveErrorLimit, onInconclusive);
        }
    }
}
