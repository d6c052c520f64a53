package io.jenkins.plugins.openmaru.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement by one gate, with the evidence a human needs to agree or disagree with it
 * (the query or URL, the values seen, the threshold).
 */
public record GateResult(String gate, Verdict verdict, String evidence, Instant at) {
    public GateResult {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(at, "at");
    }
}
