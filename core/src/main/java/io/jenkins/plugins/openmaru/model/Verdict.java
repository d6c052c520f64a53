package io.jenkins.plugins.openmaru.model;

/**
 * What one gate measurement concluded. Never a boolean: "no data" is not "healthy".
 */
public enum Verdict {
    /** The measured value met the threshold. */
    PASS,
    /** The measured value broke the threshold. */
    FAIL,
    /** The measurement ran but could not decide: no data, NaN, Inf, marginal. */
    INCONCLUSIVE,
    /** The measurement itself failed (unreachable, timeout, bad response); counts toward consecutiveErrorLimit. */
    ERROR
}
