package io.jenkins.plugins.openmaru.sandbox.dataplane;

import java.nio.file.Path;

/** The haproxy binary the HAProxy tests run; they fail, never skip, without it. */
final class RealHaproxy {

    private RealHaproxy() { }

    static Path binary() {
        return HaproxyBinary.find(System.getenv("PATH"))
                .orElseThrow(() -> new IllegalStateException("The haproxy binary is not on PATH. Install it with `"
                        + HaproxyBinary.INSTALL_HINT + "` (./run-tests.sh does this) and run the tests again."));
    }
}
