package io.jenkins.plugins.openmaru.sandbox.process;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops a child process when the JVM that started it dies, even killed outright (SIGKILL runs no shutdown hook). The
 * command runs through {@code /bin/sh}, which starts a watchdog and then {@code exec}s the command, so the process keeps
 * its pid and its own children. The watchdog reads the child's stdin, a pipe whose only writer is this JVM: its end of
 * file means the JVM is gone (the kernel closes a dead process's pipes), or the child exited (Java closes the pipe
 * then). It then sends SIGTERM, and SIGKILL 10 s later if the child is still there. The watchdog is started in a
 * subshell that exits at once, so it is nobody's child but init's: the command's own children are only its own.
 */
final class ParentWatchdog {
    private static final String SCRIPT = """
            target=$$
            exec 3<&0
            ( ( cat >/dev/null
                if kill -0 "$target" 2>/dev/null; then
                  kill -TERM "$target"
                  i=0
                  while [ "$i" -lt 10 ] && kill -0 "$target" 2>/dev/null; do sleep 1; i=$((i + 1)); done
                  kill -0 "$target" 2>/dev/null && kill -KILL "$target"
                fi ) <&3 >/dev/null 2>&1 3<&- & )
            exec "$@" </dev/null 3<&-
            """;

    private ParentWatchdog() {}

    /** {@code command}, run so that it stops when this JVM dies; never write to or close the process's stdin. */
    static List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "openmaru-watchdog"));
        wrapped.addAll(command);
        return wrapped;
    }
}
