package io.jenkins.plugins.openmaru.jenkins;

import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.engine.StatusDocument;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.DoraFigures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's state as plain maps, lists, strings and numbers: what steps return to a Jenkinsfile (which
 * must be able to serialize it) and what the build page's JSON view shows.
 */
final class StatusMaps {
    private StatusMaps() {}

    /** The status document (as {@code openmaru status -o json} prints it) for the build page, with the cluster's name first. */
    static Map<String, Object> of(AppLocation where, DeliveryState s) {
        return withCluster(where, StatusDocument.of(where.app(), s, null, null));
    }

    /** The same, with the Route's host and the lease holder read from the cluster: what openmaruStatus returns. */
    static Map<String, Object> read(AppLocation where, RolloutEngine engine, DeliveryState s) {
        return withCluster(where, StatusDocument.read(engine, where.app(), s));
    }

    private static Map<String, Object> withCluster(AppLocation where, Map<String, Object> document) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", where.cluster());
        m.putAll(document);
        return m;
    }

    /** One map per window (7, 30, 90 days), in lists and maps a Pipeline can keep. */
    static List<Map<String, Object>> dora(List<DoraFigures> windows) {
        List<Map<String, Object>> out = new ArrayList<>();
        windows.forEach(w -> out.add(w.asMap()));
        return out;
    }
}
