package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.jenkins.plugins.openmaru.sandbox.process.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code haproxy} binary in master-worker mode ({@code -W}), as a child process. A new
 * configuration is a hitless reload: on SIGUSR2 the master re-reads the files and starts a new
 * worker, which takes over the listening socket, while the old worker stops accepting and finishes
 * the requests it holds. Each configuration names its generation as the node name. A change counts
 * as applied once the stats socket, which belongs to the worker that takes new connections, reports
 * it and the old worker has exited, so that no connection accepted afterwards gets the old
 * configuration (the old worker can take a few hundred milliseconds to stop accepting on a busy
 * machine). An old worker that holds long requests is given up to {@link #DRAIN_TIMEOUT}, then
 * HAProxy stops it ({@code hard-stop-after}).
 * (The master's own CLI socket refuses or holds connections while it re-executes itself, so it is
 * not used.)
 */
final class HaproxyProcess implements AutoCloseable {

    private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(1);
    /** HAProxy's {@code hard-stop-after}: the longest an old worker finishes its requests after a reload. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final ChildProcess process = new ChildProcess("haproxy");
    private final HaproxyConfig config;
    private final Path configFile;
    private final Path statsSocket;
    private long generation;

    /**
     * Starts {@code binary} with {@code initial} and returns once its worker serves it.
     *
     * @param fallbackPort where requests that no Route claims go
     * @param onLogLine    each access-log line (status, backend, server, Host), every one of them, and HAProxy's messages
     */
    HaproxyProcess(Path binary, int listenPort, int fallbackPort, HaproxyConfig.Rendered initial, Consumer<String> onLogLine) {
        Path dir = process.dir();
        configFile = dir.resolve("haproxy.cfg");
        statsSocket = dir.resolve("stats.sock");
        config = new HaproxyConfig(listenPort, fallbackPort, dir.resolve("http_be.map"), statsSocket);
        try {
            write(initial);
            process.startWithStdoutFile(List.of(binary.toString(), "-W", "-f", configFile.toString()), onLogLine);
            awaitGeneration();
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    HaproxyConfig config() {
        return config;
    }

    long pid() {
        return process.pid();
    }

    /** The running HAProxy's version, as it reports it. */
    String version() {
        return command(statsSocket, "show info").lines().filter(l -> l.startsWith("Version: "))
                .map(l -> l.substring("Version: ".length())).findFirst().orElse("version unknown");
    }

    /** Writes {@code routes} and reloads; returns once new connections get it. */
    synchronized void apply(HaproxyConfig.Rendered routes) {
        write(routes);
        signalReload();
        awaitGeneration();
    }

    private void write(HaproxyConfig.Rendered routes) {
        generation++;
        replace(configFile.resolveSibling("http_be.map"), routes.map());
        replace(configFile, config.file(generation, routes));
    }

    private void awaitGeneration() {
        String node = "node: gen-" + generation;
        process.awaitReady(APPLY_TIMEOUT, "worker serving configuration generation " + generation, () -> {
            try {
                return command(statsSocket, "show info").lines().anyMatch(node::equals);
            } catch (UncheckedIOException e) {
                return false;
            }
        });
        process.awaitReady(DRAIN_TIMEOUT.plusSeconds(5), "exit of the workers before generation " + generation,
                () -> process.children() <= 1);
    }

    /**
     * SIGUSR2 to the master. Java can send only SIGTERM and SIGKILL itself; the shell's builtin
     * {@code kill} is used because slim images lack the {@code kill} executable.
     */
    private void signalReload() {
        try {
            Process kill = new ProcessBuilder("sh", "-c", "kill -USR2 " + process.pid()).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("cannot signal HAProxy " + process.pid() + " to reload: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill to reload HAProxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading HAProxy", e);
        }
    }

    /** Atomically, so that a reload never reads half a file. */
    private static void replace(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** One command on the stats socket; the answer, read until HAProxy closes the connection or one second passes. */
    private static String command(Path socket, String command) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket)); Selector selector = Selector.open()) {
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            long deadline = System.nanoTime() + CLI_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                selector.selectedKeys().clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            throw new UncheckedIOException(new IOException("HAProxy did not finish answering " + command + " within " + CLI_TIMEOUT.toMillis() + " ms"));
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy socket " + socket.getFileName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
