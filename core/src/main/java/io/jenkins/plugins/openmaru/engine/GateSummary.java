package io.jenkins.plugins.openmaru.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A gate's evidence as a progress line shows it: what was seen, without the URLs and queries that say
 * how it was measured (those stay in the full evidence, in the JSON and the history).
 */
final class GateSummary {
    private GateSummary() {}

    /** {@code GET http://h/health x20: 20 x HTTP 200, success ratio 1 (min 0.95); latency ...} becomes {@code 20 x HTTP 200, ...}. */
    static String of(String evidence) {
        List<String> kept = new ArrayList<>();
        for (String part : evidence.split("; ")) {
            int url = part.indexOf("://");
            if (url < 0) {
                kept.add(part);
                continue;
            }
            int seen = part.indexOf(": ", url);
            if (seen >= 0) {
                kept.add(part.substring(seen + 2));
            }
        }
        return kept.isEmpty() ? evidence : String.join("; ", kept);
    }
}
