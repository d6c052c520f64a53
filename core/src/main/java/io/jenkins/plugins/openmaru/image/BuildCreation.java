package io.jenkins.plugins.openmaru.image;

/**
 * Hears from {@link S2iBuilder#start} around the one request that creates the Build, so that a caller being stopped
 * (Ctrl-C) creates none, or knows which one to cancel as soon as it exists rather than once its log is followed.
 */
public interface BuildCreation {
    /** Nobody listens. */
    BuildCreation NONE = new BuildCreation() {
        @Override
        public void creating() {
            // nothing to stop
        }

        @Override
        public void created(String buildName) {
            // nobody to tell
        }
    };

    /** Just before the request that creates the Build; an exception thrown here ends {@code start} with no Build created. */
    void creating();

    /** As soon as the Build exists, before its log is followed. */
    void created(String buildName);
}
