package io.jenkins.plugins.openmaru.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build of OPENMARU Delivery, as written by the Maven build. */
public record ProductVersion(String value) {
    private static final String RESOURCE = "version.properties";

    public ProductVersion {
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("Build did not record a product version: " + value);
        }
    }

    /** Reads the version that the build filtered into {@code version.properties}. */
    public static ProductVersion current() {
        try (InputStream in = ProductVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE + " beside " + ProductVersion.class.getName());
            }
            Properties properties = new Properties();
            properties.load(in);
            return new ProductVersion(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
