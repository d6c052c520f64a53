package io.jenkins.plugins.openmaru;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.pollinterval.IterativePollInterval;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * How every module's tests poll (registered through META-INF/services, so the test JVMs of the modules that use the core
 * test-jar pick it up too). Awaitility's own default first looks 100 ms after {@code until} is called and then every 100 ms,
 * so each wait for a simulated controller that is done in 20 ms cost 100 to 200 ms. Here the first look is at once, then
 * 20, 40 and 80 ms after the one before (each interval is the one before doubled, the first {@link #FIRST_INTERVAL} doubled),
 * then every 100 ms as before: a long wait polls the API server no more often than it did.
 */
public final class AwaitilityDefaults implements LauncherSessionListener {
    static final Duration FIRST_INTERVAL = Duration.ofMillis(10);
    static final Duration LONGEST_INTERVAL = Duration.ofMillis(100);

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Awaitility.setDefaultPollDelay(Duration.ZERO);
        Awaitility.setDefaultPollInterval(new IterativePollInterval(
                previous -> previous.multipliedBy(2).compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : previous.multipliedBy(2), FIRST_INTERVAL));
    }
}
