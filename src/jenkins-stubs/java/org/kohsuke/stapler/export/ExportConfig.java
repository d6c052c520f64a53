package org.kohsuke.stapler.export;

/** Stub of stapler {@code ExportConfig}: named by {@code StaplerResponse2}. */
public class ExportConfig {
}
