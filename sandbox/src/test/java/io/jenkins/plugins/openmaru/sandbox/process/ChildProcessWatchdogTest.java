package io.jenkins.plugins.openmaru.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A child process does not outlive its sandbox's JVM even when that JVM is killed outright (SIGKILL runs no shutdown hook). */
@Tag("slow")
class ChildProcessWatchdogTest {

    @Test
    void aChildIsStoppedWhenTheJvmThatStartedItIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), ChildHolder.class.getName()))
                .redirectErrorStream(true).start();
        long childPid = -1;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("what the JVM printed").startsWith("child ");
            String[] words = line.split(" ");
            childPid = Long.parseLong(words[1]);
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertThat(child).as("the child runs").hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
            assertThat(child.get().info().command()).as("its pid is the binary's own").hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));
            assertThat(words[2]).as("processes the child itself runs (a watchdog is not one of them)").isEqualTo("0");

            jvm.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(15)).until(() -> child.get().isAlive() == false);
        } finally {
            jvm.destroyForcibly();
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
