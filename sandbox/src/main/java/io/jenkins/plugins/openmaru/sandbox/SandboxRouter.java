package io.jenkins.plugins.openmaru.sandbox;

import io.jenkins.plugins.openmaru.model.ValidationException;
import io.jenkins.plugins.openmaru.sandbox.dataplane.DataPlaneConfig;
import io.jenkins.plugins.openmaru.sandbox.dataplane.HaproxyBinary;

/**
 * The sandbox commands' {@code --router}: {@code haproxy} (real HAProxy, as OpenShift's router),
 * {@code builtin} (the Java router), or, when not given, HAProxy if its executable is found.
 */
final class SandboxRouter {

    static final String OPTION_DESCRIPTION = "Router: haproxy (the haproxy executable, configured from your Routes as OpenShift's router is) "
            + "or builtin (the sandbox's Java router). Default: haproxy when it is on PATH or in /usr/sbin, else builtin.";

    private SandboxRouter() { }

    /** {@code config} with the router {@code choice} names; null picks HAProxy when it is installed. */
    static DataPlaneConfig apply(String choice, DataPlaneConfig config) {
        String path = System.getenv("PATH");
        if (choice == null) {
            return HaproxyBinary.find(path).map(config::withHaproxy).orElse(config.withBuiltinRouter());
        }
        return switch (choice) {
            case "builtin" -> config.withBuiltinRouter();
            case "haproxy" -> config.withHaproxy(HaproxyBinary.find(path).orElseThrow(() -> new ValidationException("router",
                    "no 'haproxy' executable on PATH or in /usr/sbin; install it (Debian/Ubuntu: " + HaproxyBinary.INSTALL_HINT
                            + ") or use --router builtin")));
            default -> throw new ValidationException("router", choice, "haproxy or builtin");
        };
    }
}
