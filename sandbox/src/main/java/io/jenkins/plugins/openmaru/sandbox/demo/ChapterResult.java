package io.jenkins.plugins.openmaru.sandbox.demo;

import java.time.Duration;

/**
 * What one chapter of the demo expected and what happened.
 *
 * @param expected the outcome the story promises, e.g. {@code PROMOTED, v2 serves}
 * @param actual what the engine recorded and the router served
 * @param detail why, in the engine's words (e.g. the gate evidence that aborted a canary)
 */
public record ChapterResult(String title, String expected, String actual, boolean ok, Duration took, String detail) { }
