package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a copy of each request (with its body, which the CRUD dispatcher consumes) before handing it
 * on. Requests from the simulated controllers are not kept. Bounded, so a long sandbox run stays small; and every
 * {@link #DISCARD_EVERY} requests it runs {@code discard}, for the mock server's own queue, which nothing else bounds.
 */
final class RecordingDispatcher extends Dispatcher {
    static final int MAX_KEPT = 100_000;
    static final int DISCARD_EVERY = 1_000;

    private final Dispatcher delegate;
    private final Runnable discard;
    private final Deque<ApiRequest> kept = new ArrayDeque<>();
    private final AtomicLong seen = new AtomicLong();

    RecordingDispatcher(Dispatcher delegate, Runnable discard) {
        this.delegate = delegate;
        this.discard = discard;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        countAndDiscard();
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
        if (!SimulatedOpenShift.CONTROLLER_AGENT.equals(request.getHeader("User-Agent"))) {
            synchronized (kept) {
                kept.addLast(new ApiRequest(request.getMethod(), request.getPath(), new String(body, StandardCharsets.UTF_8)));
                if (kept.size() > MAX_KEPT) {
                    kept.pollFirst();
                }
            }
        }
        return delegate.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                request.getHeaders(), new Buffer(body)));
    }

    private void countAndDiscard() {
        if (seen.incrementAndGet() % DISCARD_EVERY == 0) {
            discard.run();
        }
    }

    List<ApiRequest> snapshot() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    void clear() {
        synchronized (kept) {
            kept.clear();
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }
}
