package io.jenkins.plugins.openmaru.model;

/**
 * The strategy-specific part of a {@link RolloutSpec}: {@link CanarySpec} here; blue/green and
 * rolling add their own implementations. Implementations are records validated in their constructor.
 */
public interface StrategySpec {
    Strategy strategy();
}
