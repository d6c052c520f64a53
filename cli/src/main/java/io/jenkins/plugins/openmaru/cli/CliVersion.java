package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.ProductVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code openmaru --version}. */
public final class CliVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"openmaru " + ProductVersion.current()};
    }
}
