package io.jenkins.plugins.openmaru.cli;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a person who mistyped reads: an unknown option or subcommand before a missing required one
 * (the typo is usually why it is missing), and the nearest name ({@code did you mean canary?}).
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The error to report: a missing option with unmatched arguments beside it is reported as those arguments. */
    static ParameterException first(ParameterException e) {
        CommandLine c = e.getCommandLine();
        if (e instanceof MissingParameterException && !c.getUnmatchedArguments().isEmpty()) {
            return new UnmatchedArgumentException(c, c.getUnmatchedArguments());
        }
        return e;
    }

    /** {@code "; did you mean canary?"}, or empty when no name is close to what was typed. */
    static String didYouMean(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return "";
        }
        String typed = u.getUnmatched().get(0);
        return nearest(typed, u.getSuggestions()).map(s -> "; did you mean " + s + "?").orElse("");
    }

    /** picocli's candidates are ordered by likeness but include distant ones; only a near one is worth saying. */
    private static Optional<String> nearest(String typed, List<String> candidates) {
        return candidates.stream().filter(c -> distance(typed, c) <= Math.max(2, typed.length() / 3)).findFirst();
    }

    /** Edits (insert, delete, substitute, swap two neighbours) from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
