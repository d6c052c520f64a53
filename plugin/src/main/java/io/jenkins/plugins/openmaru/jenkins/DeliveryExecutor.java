package io.jenkins.plugins.openmaru.jenkins;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads all steps and buttons share for cluster work. Nothing waits on them: a paused rollout, or a
 * drill whose slot scales up, holds no thread (watches and timers wake them), so a few threads serve any
 * number of builds; a task blocks one only for its requests (a gate's measurement, a cluster write). Separate from {@code jenkins.util.Timer}
 * because gate measurements may take seconds, which that timer's short tasks should not queue behind.
 */
final class DeliveryExecutor {
    private static final int THREADS = 4;
    private static final ScheduledExecutorService POOL = create();

    private DeliveryExecutor() {}

    static ScheduledExecutorService get() {
        return POOL;
    }

    private static ScheduledExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(THREADS, r -> {
            Thread t = new Thread(r, "openmaru-delivery-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }
}
