package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Clients sending GET / through the router, each on a new connection with a short pause between
 * requests (steady load that leaves the machine's cores to the router and the engine), recording
 * when each request started and ended and which version answered (empty when it failed).
 */
public final class SteadyLoad implements AutoCloseable {

    /** One request: nanoTime at start and end, the status (0 when no HTTP answer came) and the version. */
    public record Request(long start, long end, int status, Optional<String> version) {
        public boolean failed() {
            return status != 200;
        }
    }

    private static final long PAUSE_MILLIS = 5;

    private final RouterClient router;
    private final String host;
    private final ExecutorService clients;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    public SteadyLoad(RouterClient router, String host, int clientCount) {
        this.router = router;
        this.host = host;
        clients = Executors.newFixedThreadPool(clientCount);
        for (int i = 0; i < clientCount; i++) {
            clients.execute(this::send);
        }
    }

    private void send() {
        while (running) {
            long start = System.nanoTime();
            try {
                RouterClient.Reply reply = router.get(host, "/");
                requests.add(new Request(start, System.nanoTime(), reply.status(), reply.version()));
            } catch (IOException e) {
                requests.add(new Request(start, System.nanoTime(), 0, Optional.empty()));
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Every request so far, in no particular order. */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.SECONDS);
    }
}
