package io.jenkins.plugins.openmaru.sandbox.process;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A binary the sandbox runs for real (Prometheus, HAProxy) as a child process, with its files in
 * a fresh temporary directory. Closing it, or the JVM shutting down (Ctrl-C included), stops the
 * process (SIGTERM, then SIGKILL after 10 s) and deletes the directory, so no child outlives the
 * sandbox; a {@link ParentWatchdog} stops it too when the JVM is killed outright. Its output is read line by line:
 * each line goes to a consumer, and the last lines are kept for error messages.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int KEPT_LINES = 40;
    private static final Duration FOLLOW_INTERVAL = Duration.ofMillis(20);

    private final String name;
    private final Path dir;
    private final Thread shutdownHook;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private volatile Process process;

    /** Creates the directory {@code openmaru-<name>*}; nothing runs before {@link #start}. */
    public ChildProcess(String name) {
        this.name = name;
        try {
            dir = Files.createTempDirectory("openmaru-" + name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for " + name, e);
        }
        shutdownHook = new Thread(this::stop, "openmaru-" + name + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Where the process keeps its configuration and data; deleted when it stops. */
    public Path dir() {
        return dir;
    }

    /** Starts {@code command}; each line it prints (stdout and stderr) goes to {@code onLine}, on a daemon thread. */
    public synchronized void start(List<String> command, Consumer<String> onLine) {
        if (process != null) {
            throw new IllegalStateException(name + " already started");
        }
        try {
            process = new ProcessBuilder(ParentWatchdog.wrap(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Process started = process;
        daemon("output", () -> read(started, onLine));
    }

    /**
     * Starts {@code command} with its stdout appended to {@code stdout.log} in {@link #dir()} and followed there, and its
     * stderr read as a pipe; each line of either goes to {@code onLine}, on daemon threads. For a binary that writes
     * without blocking and drops what a full pipe refuses (HAProxy's logs): a regular file takes each write whole, and
     * appends from several processes (HAProxy's workers) never cut into one another.
     */
    public synchronized void startWithStdoutFile(List<String> command, Consumer<String> onLine) {
        if (process != null) {
            throw new IllegalStateException(name + " already started");
        }
        Path stdout = dir.resolve("stdout.log");
        try {
            process = new ProcessBuilder(ParentWatchdog.wrap(command)).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Process started = process;
        daemon("output", () -> follow(started, stdout, onLine));
        daemon("errors", () -> read(started, onLine));
    }

    private void daemon(String what, Runnable body) {
        Thread t = new Thread(body, "openmaru-" + name + "-" + what);
        t.setDaemon(true);
        t.start();
    }

    /** Reads {@code file} as {@code p} appends to it, a line once it is whole, until {@code p} exited and all is read. */
    private void follow(Process p, Path file, Consumer<String> onLine) {
        try (InputStream in = Files.newInputStream(file)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                boolean alive = p.isAlive();
                int n = in.read(buffer);
                if (n < 0 && !alive) {
                    return;
                }
                if (n < 0) {
                    Thread.sleep(FOLLOW_INTERVAL.toMillis());
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        String whole = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        keep(whole);
                        onLine.accept(whole);
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            keep("(output no longer read: " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(Process p, Consumer<String> onLine) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                keep(line);
                onLine.accept(line);
            }
        } catch (IOException | RuntimeException e) {
            keep("(output no longer read: " + e + ")");
        }
    }

    private void keep(String line) {
        synchronized (lastLines) {
            lastLines.addLast(line);
            if (lastLines.size() > KEPT_LINES) {
                lastLines.removeFirst();
            }
        }
    }

    /** The last lines the process printed, for error messages. */
    public String lastOutput() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many processes the child itself runs now (e.g. HAProxy's workers). */
    public long children() {
        return process.children().filter(ProcessHandle::isAlive).count();
    }

    /**
     * Waits until {@code ready} holds, checking every 20 ms.
     *
     * @throws IllegalStateException when the process exits or {@code timeout} passes first (the message holds its output)
     */
    public void awaitReady(Duration timeout, String what, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + what + ": " + lastOutput());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + ": no " + what + " within " + timeout.toMillis() + " ms: " + lastOutput());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name + ": " + what, e);
            }
        }
    }

    /** Stops the process and deletes its directory; safe to call twice. */
    private synchronized void stop() {
        Process p = process;
        if (p != null) {
            p.destroy();
            try {
                if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temp directory left behind is harmless; the process is what must not outlive us
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) stop() itself
        }
    }

    /** The executable {@code name} in the first directory of {@code searchPath} (a PATH value) that has one. */
    public static Optional<Path> find(String name, String searchPath) {
        return Arrays.stream((searchPath == null ? "" : searchPath).split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** A loopback port free right now, for binaries that cannot report the port they picked. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
