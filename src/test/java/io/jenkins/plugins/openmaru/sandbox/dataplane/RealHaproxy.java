package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.jenkins.plugins.openmaru.sandbox.process.ChildProcess;
import java.nio.file.Path;

/** The haproxy binary the HAProxy tests run; they fail, never skip, without it. */
final class RealHaproxy {

    private RealHaproxy() { }

    static Path binary() {
        return ChildProcess.find("haproxy", System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin")
                .orElseThrow(() -> new IllegalStateException("The haproxy binary is not on PATH. Install it with `"
                        + HaproxyProcess.INSTALL_HINT + "` (./run-tests.sh does this) and run the tests again."));
    }
}
