package io.jenkins.plugins.openmaru.cli;

import io.jenkins.plugins.openmaru.model.GateKind;
import io.jenkins.plugins.openmaru.model.GatePreset;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.Strategy;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The values options allow, for picocli's {@code ${COMPLETION-CANDIDATES}} in help texts: taken from the
 * model's enums, so help lists exactly what parsing accepts.
 */
final class HelpChoices {
    private HelpChoices() {
    }

    /** {@code canary, blue-green, rolling}. */
    static final class Strategies implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Strategy.labels().iterator();
        }
    }

    /**
     * The compact forms of the measuring gate kinds the CLI can run, then the presets' form: not {@code pipeline}, the
     * block of a Jenkins step (the CLI has no block to run).
     */
    static final class Gates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.concat(Arrays.stream(GateKind.values()).filter(k -> k.measures() && k != GateKind.PIPELINE).map(GateKind::compactForm),
                    Stream.of(GatePreset.COMPACT_FORM)).iterator();
        }
    }

    /** {@code route, gateway, replicas, auto}. */
    static final class Routers implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return RouterKind.choices().iterator();
        }
    }
}
