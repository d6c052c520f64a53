package io.jenkins.plugins.openmaru.sandbox.process;

import java.util.List;

/** A JVM that starts {@code sleep 300} as a {@link ChildProcess}, prints its pid and how many processes it runs, then waits to be killed. */
public final class ChildHolder {
    private ChildHolder() {}

    public static void main(String[] args) throws Exception {
        ChildProcess child = new ChildProcess("holder");
        child.start(List.of("sleep", "300"), line -> {});
        System.out.println("child " + child.pid() + " " + child.children());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
