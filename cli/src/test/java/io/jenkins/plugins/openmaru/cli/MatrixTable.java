package io.jenkins.plugins.openmaru.cli;

import java.util.List;

/** The fault matrix's outcomes as the table and figures docs/reliability.md quotes. */
final class MatrixTable {
    private MatrixTable() {}

    static String of(List<ReliabilityMatrixTest.Outcome> outcomes) {
        StringBuilder b = new StringBuilder("fault matrix: scenario | call class phase/phases | fault -> exit, seconds, end\n");
        for (ReliabilityMatrixTest.Outcome o : outcomes) {
            b.append(String.format("%-62s -> exit %d, %5.1f s, %s%s%n", o.label(), o.exit(), o.took().toMillis() / 1000.0, o.end(),
                    o.lost().isEmpty() ? "" : "  LOST: " + o.lost()));
        }
        long lost = outcomes.stream().filter(o -> !o.lost().isEmpty()).count();
        long asFaultFree = outcomes.stream().filter(o -> o.lost().isEmpty() && o.asFaultFree()).count();
        long slowest = outcomes.stream().mapToLong(o -> o.took().toMillis()).max().orElse(0);
        b.append(String.format("cases %d, faults survived %d (%d ended as without the fault, %d ended otherwise with the exit code "
                + "that says so and a consistent state), lost %d; slowest command %.1f s%n", outcomes.size(), outcomes.size() - lost,
                asFaultFree, outcomes.size() - lost - asFaultFree, lost, slowest / 1000.0));
        return b.toString();
    }
}
