package io.jenkins.plugins.openmaru.archfixture.engine;

/** Fixture for ArchitectureTest: a plain engine class. */
public final class Rollouts {
}
