package io.jenkins.plugins.openmaru.sandbox.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A loopback HTTP/1.1 proxy in front of an API server that injects the faults its {@link FaultRules}
 * choose, so the client under test runs its production code path against a misbehaving server.
 * Each forwarded request gets its own upstream connection and the answer says {@code Connection: close};
 * upgrades (WebSocket watches) are spliced both ways after the server's {@code 101}.
 */
public final class FaultProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final FaultRules rules = new FaultRules();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new ArrayList<>();
    /** Who waits for which request, guarded by {@link #requests}. */
    private final List<Awaited> awaited = new ArrayList<>();

    private record Awaited(String request, int times, CompletableFuture<Void> received) { }
    private final Consumer<String> injected;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress upstream, Consumer<String> injected) throws IOException {
        this.upstream = upstream;
        this.injected = injected;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy on a free loopback port in front of the HTTP API server at {@code upstreamUrl}. */
    public static FaultProxy start(String upstreamUrl) {
        return start(upstreamUrl, injection -> { });
    }

    /** As {@link #start(String)}, telling {@code injected} each request hit and its fault ({@code METHOD path: fault}). */
    public static FaultProxy start(String upstreamUrl, Consumer<String> injected) {
        URI u = URI.create(upstreamUrl);
        try {
            return new FaultProxy(new InetSocketAddress(u.getHost(), u.getPort()), injected);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the fault proxy", e);
        }
    }

    /** The URL clients use instead of the API server's. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/";
    }

    public FaultRules rules() {
        return rules;
    }

    /** {@code METHOD path?query} of every request received so far, oldest first. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Completes once {@code times} requests {@code METHOD path?query} equal to {@code request} were received (those before
     * the call count), as the last of them arrives: before any fault delays or answers it.
     */
    public CompletableFuture<Void> received(String request, int times) {
        synchronized (requests) {
            Awaited a = new Awaited(request, times, new CompletableFuture<>());
            awaited.add(a);
            completeAwaited();
            return a.received();
        }
    }

    private void completeAwaited() {
        for (Iterator<Awaited> i = awaited.iterator(); i.hasNext();) {
            Awaited a = i.next();
            if (requests.stream().filter(a.request()::equals).count() >= a.times()) {
                a.received().complete(null);
                i.remove();
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "fault-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            while (true) {
                Head request = Head.read(in);
                if (request == null) {
                    return;
                }
                String[] line = request.firstLine().split(" ");
                synchronized (requests) {
                    requests.add(line[0] + " " + line[1]);
                    completeAwaited();
                }
                byte[] body = request.body(in);
                Optional<FaultRule.Fault> fault = rules.faultFor(line[0], line[1]);
                fault.ifPresent(f -> injected.accept(line[0] + " " + line[1] + ": " + f));
                if (fault.isPresent() && fault.get() instanceof FaultRule.Answer a) {
                    answer(client.getOutputStream(), a.status(), a.retryAfter());
                    continue;
                }
                if (fault.isPresent() && fault.get() instanceof FaultRule.Gone) {
                    answer(client.getOutputStream(), 410, null);
                    continue;
                }
                if (fault.isPresent() && fault.get() instanceof FaultRule.ResetBefore) {
                    reset(client);
                    return;
                }
                if (fault.isPresent() && fault.get() instanceof FaultRule.BlackHole) {
                    while (in.read() >= 0) {
                        // swallow whatever the client sends until it gives up or the proxy closes
                    }
                    return;
                }
                if (fault.isPresent() && fault.get() instanceof FaultRule.Outage o) {
                    holdUnanswered(client, o.duration());
                    return;
                }
                if (fault.isPresent() && fault.get() instanceof FaultRule.Delay d) {
                    Thread.sleep(d.delay().toMillis());
                }
                if (fault.isPresent() && fault.get() instanceof FaultRule.Hold h) {
                    h.release().handle((x, e) -> null).join();
                }
                forward(client, request, body, fault.orElse(null));
                return;
            }
        } catch (IOException e) {
            // the client or the server went away: nothing to tell anyone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(client);
        }
    }

    private void forward(Socket client, Head request, byte[] body, FaultRule.Fault fault) throws IOException {
        Socket up = new Socket(upstream.getAddress(), upstream.getPort());
        open.add(up);
        try (up) {
            boolean upgrade = request.header("upgrade") != null;
            OutputStream upOut = up.getOutputStream();
            upOut.write(upgrade ? request.bytes() : request.withConnectionClose());
            upOut.write(body);
            upOut.flush();
            Head response = Head.read(up.getInputStream());
            if (response == null || fault instanceof FaultRule.ResetAfter) {
                reset(client);
                return;
            }
            OutputStream out = client.getOutputStream();
            boolean switching = response.firstLine().split(" ")[1].equals("101");
            out.write(switching ? response.bytes() : response.withConnectionClose());
            out.flush();
            if (switching) {
                Thread back = new Thread(() -> pipe(client, up), "fault-proxy-upgrade");
                back.setDaemon(true);
                back.start();
                if (fault instanceof FaultRule.CutWatch cut) {
                    cutLater(client, up, cut.after());
                }
            }
            up.getInputStream().transferTo(out);
        } finally {
            open.remove(up);
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side closed: the other side's copy ends too
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Closes a spliced watch {@code after} it was opened, as a load balancer's idle timeout does. */
    private static void cutLater(Socket client, Socket up, Duration after) {
        Thread cutter = new Thread(() -> {
            try {
                Thread.sleep(after.toMillis());
                client.close();
                up.close();
            } catch (IOException e) {
                // already closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fault-proxy-cut-watch");
        cutter.setDaemon(true);
        cutter.start();
    }

    /** Reads and ignores the client until {@code hold} is over, then resets the connection. */
    private static void holdUnanswered(Socket client, Duration hold) throws IOException {
        client.setSoTimeout((int) Math.max(1, hold.toMillis()));
        try {
            while (client.getInputStream().read() >= 0) {
                // swallow whatever the client sends
            }
        } catch (SocketTimeoutException e) {
            // the outage is over for this connection
        }
        reset(client);
    }

    private static void answer(OutputStream out, int status, Duration retryAfter) throws IOException {
        String reason = switch (status) {
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> "InternalError";
        };
        byte[] body = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"injected fault "
                + status + "\",\"reason\":\"" + reason + "\",\"code\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Injected\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n");
        if (retryAfter != null) {
            head.append("Retry-After: ").append(Math.max(1, retryAfter.toSeconds())).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** An RST instead of a FIN: the client sees "connection reset", as when a network path drops. */
    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** A request or response head: the first line and the headers, as received. */
    private record Head(String firstLine, List<String> headers) {
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            int b;
            int matched = 0;
            while (matched < 4 && (b = in.read()) >= 0) {
                buf.write(b);
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
            if (matched < 4) {
                return null;
            }
            String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            return new Head(lines[0], List.of(lines).subList(1, lines.length));
        }

        String header(String name) {
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }

        byte[] body(InputStream in) throws IOException {
            String length = header("content-length");
            if (length != null) {
                return in.readNBytes(Integer.parseInt(length));
            }
            if ("chunked".equalsIgnoreCase(header("transfer-encoding"))) {
                return chunked(in);
            }
            return new byte[0];
        }

        /** The chunked body as received, chunk framing included, up to and with its last chunk. */
        private static byte[] chunked(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                String size = line(in, all);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in, all).isEmpty()) {
                        // trailers
                    }
                    return all.toByteArray();
                }
                all.write(in.readNBytes(n));
                line(in, all);
            }
        }

        private static String line(InputStream in, ByteArrayOutputStream copy) throws IOException {
            ByteArrayOutputStream l = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                copy.write(b);
                if (b != '\r') {
                    l.write(b);
                }
            }
            copy.write('\n');
            return l.toString(StandardCharsets.ISO_8859_1);
        }

        byte[] bytes() {
            return (firstLine + "\r\n" + String.join("\r\n", headers) + (headers.isEmpty() ? "" : "\r\n") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        byte[] withConnectionClose() {
            List<String> kept = new ArrayList<>();
            for (String h : headers) {
                if (!h.toLowerCase(Locale.ROOT).startsWith("connection:") && !h.toLowerCase(Locale.ROOT).startsWith("keep-alive:")) {
                    kept.add(h);
                }
            }
            kept.add("Connection: close");
            return new Head(firstLine, kept).bytes();
        }
    }
}
