package io.jenkins.plugins.openmaru.model;

import java.time.Instant;
import java.util.Objects;

/** A slot to scale to 0 once {@code at} has passed (the warm window after promotion, or the inspection window after abort). */
public record ScaleDown(Slot slot, Instant at) {
    public ScaleDown {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(at, "at");
    }
}
