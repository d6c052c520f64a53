package jenkins.util;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Stub of jenkins-core {@code jenkins.util.Timer}: one shared scheduled executor for short tasks,
 * created on first use as the real one is (daemon threads here, so tests exit).
 */
public class Timer {
    private static ScheduledExecutorService executor;

    private Timer() {
    }

    public static synchronized ScheduledExecutorService get() {
        if (executor == null) {
            executor = Executors.newScheduledThreadPool(10, runnable -> {
                Thread thread = new Thread(runnable, "jenkins.util.Timer");
                thread.setDaemon(true);
                return thread;
            });
        }
        return executor;
    }
}
