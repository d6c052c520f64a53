package io.jenkins.plugins.openmaru.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** docs/performance.md, whose benchmarks each rewrite their own section and leave the others as they are. */
public final class PerformanceDoc {
    private PerformanceDoc() {}

    /** Puts {@code body} (starting with a blank line and the {@code heading}) in place of the section {@code heading}, or at the end. */
    public static void replaceSection(Path doc, String heading, CharSequence body) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc) : "# Performance\n";
        int at = text.indexOf("\n" + heading);
        if (at >= 0) {
            int next = text.indexOf("\n## ", at + 1);
            text = text.substring(0, at) + (next < 0 ? "" : text.substring(next));
        }
        Files.writeString(doc, text.stripTrailing() + "\n" + body);
    }
}
