package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends GET requests to the sandbox router with a chosen Host header, as a browser resolving the
 * Route's host to the router would. (The JDK's HttpClient refuses to set Host.)
 */
public final class RouterClient {

    /**
     * What the router answered; {@code version} is the serving pod's {@code X-Sandbox-Version},
     * {@code cookie} the {@code name=value} of a {@code Set-Cookie} (HAProxy's sticky-session cookie), if any.
     */
    public record Reply(int status, Optional<String> version, String body, Optional<String> cookie) { }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(70);

    private final int port;

    public RouterClient(int port) {
        this.port = port;
    }

    public Reply get(String host, String path) throws IOException {
        return get(host, path, Optional.empty());
    }

    /** A request that sends {@code cookie} ({@code name=value}), as a browser returns a sticky-session cookie. */
    public Reply get(String host, String path, Optional<String> cookie) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n" + cookie.map(c -> "Cookie: " + c + "\r\n").orElse("")
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(socket.getInputStream());
        }
    }

    private static Reply parse(InputStream in) throws IOException {
        String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        int headerEnd = response.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            throw new IOException("Incomplete HTTP response from the router");
        }
        String[] lines = response.substring(0, headerEnd).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2) {
            throw new IOException("Malformed status line from the router: " + lines[0]);
        }
        Optional<String> version = header(lines, PodResponse.VERSION_HEADER);
        Optional<String> cookie = header(lines, "Set-Cookie").map(c -> c.split(";", 2)[0].trim());
        return new Reply(Integer.parseInt(statusLine[1]), version, response.substring(headerEnd + 4), cookie);
    }

    private static Optional<String> header(String[] lines, String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        Optional<String> value = Optional.empty();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith(prefix)) {
                value = Optional.of(lines[i].substring(prefix.length()).trim());
            }
        }
        return value;
    }
}
