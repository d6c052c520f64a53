package io.jenkins.plugins.openmaru.sandbox.dataplane;

import io.jenkins.plugins.openmaru.sandbox.process.ChildProcess;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/** Where the {@code haproxy} executable is, for {@link DataPlaneConfig#withHaproxy}. */
public final class HaproxyBinary {

    /** How to get it, for messages that say it is missing. */
    public static final String INSTALL_HINT = "apt-get install -y haproxy";
    /** Debian installs it here, which is not on every user's PATH. */
    private static final String SYSTEM_DIRS = "/usr/sbin" + File.pathSeparator + "/usr/local/sbin";

    private HaproxyBinary() { }

    /** The executable named {@code haproxy} on {@code searchPath} (a PATH value), else in /usr/sbin or /usr/local/sbin. */
    public static Optional<Path> find(String searchPath) {
        return ChildProcess.find("haproxy", (searchPath == null ? "" : searchPath) + File.pathSeparator + SYSTEM_DIRS);
    }
}
