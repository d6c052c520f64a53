package io.jenkins.plugins.openmaru.bench;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Times how long the API server works on each request (from the moment its event loop hands the request to the
 * dispatchers until they answer), between a {@link #mark} and a {@link #summary}: whether an abort's time is spent in
 * the API server, on its own requests or on the others' it waits behind.
 */
final class TimedDispatcher extends Dispatcher {
    private record Timed(String path, long nanos) {}

    private final Dispatcher delegate;
    private List<Timed> since;

    TimedDispatcher(Dispatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long t0 = System.nanoTime();
        try {
            return delegate.dispatch(request);
        } finally {
            long nanos = System.nanoTime() - t0;
            synchronized (this) {
                if (since != null) {
                    since.add(new Timed(request.getPath(), nanos));
                }
            }
        }
    }

    /** Starts timing afresh. */
    synchronized void mark() {
        since = new ArrayList<>();
    }

    /**
     * {@code <n> <ms> <m> <ms>}: the requests since the mark on objects of {@code app} (its Route, Deployments, state, lease) and the
     * milliseconds the server worked on them, then all requests and milliseconds.
     */
    synchronized String summary(String app) {
        Pattern own = Pattern.compile("/" + Pattern.quote(app) + "(-[^/?]*)?([/?].*)?$");
        long ownCount = since.stream().filter(t -> own.matcher(t.path()).find()).count();
        double ownMs = since.stream().filter(t -> own.matcher(t.path()).find()).mapToLong(Timed::nanos).sum() / 1e6;
        double allMs = since.stream().mapToLong(Timed::nanos).sum() / 1e6;
        return String.format(Locale.ROOT, "%d %.2f %d %.2f", ownCount, ownMs, since.size(), allMs);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }
}
