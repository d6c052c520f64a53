package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Synthetic traffic: {@code rps} GET / requests per second to every Route host, through the
 * router on loopback. At most {@link #MAX_IN_FLIGHT} requests are open at once; a tick that
 * finds no free sender is skipped rather than queued, so slow pods cannot pile work up.
 */
final class TrafficGenerator implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 16;

    private final RouterClient client;
    private final Supplier<Set<String>> hosts;
    private final ScheduledExecutorService ticker = new ScheduledThreadPoolExecutor(1, new DaemonThreads("openmaru-traffic-tick"));
    private final ThreadPoolExecutor senders = new ThreadPoolExecutor(0, MAX_IN_FLIGHT, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new DaemonThreads("openmaru-traffic"));
    private final LongAdder sent = new LongAdder();
    private final LongAdder skipped = new LongAdder();

    TrafficGenerator(int rps, RouterClient client, Supplier<Set<String>> hosts) {
        this.client = client;
        this.hosts = hosts;
        ticker.scheduleAtFixedRate(this::tick, 0, TimeUnit.SECONDS.toNanos(1) / rps, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        for (String host : hosts.get()) {
            try {
                senders.execute(() -> send(host));
            } catch (RejectedExecutionException e) {
                skipped.increment();
            }
        }
    }

    private void send(String host) {
        try {
            client.get(host, "/");
            sent.increment();
        } catch (IOException e) {
            skipped.increment();
        }
    }

    long sent() {
        return sent.sum();
    }

    long skipped() {
        return skipped.sum();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        senders.shutdownNow();
    }
}
