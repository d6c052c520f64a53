package io.jenkins.plugins.openmaru.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The environment variables the engine owns in a pod template: exactly the keys it last set, listed in
 * the pod template's annotation {@code delivery.openmaru.io/env-keys}. Every other variable (from the
 * template or written by hand) belongs to the user and is never touched. The annotation lives on the
 * pod template so that a restored template (rolling undo) brings its own list back with it.
 */
public final class EngineEnv {
    public static final String ENV_KEYS_ANNOTATION = "delivery.openmaru.io/env-keys";

    private EngineEnv() {}

    /** The engine-owned variables of a container, with their current values. */
    public static Map<String, String> of(PodTemplateSpec template, Container c) {
        Set<String> owned = ownedKeys(template);
        Map<String, String> out = new TreeMap<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (owned.contains(e.getName())) {
                out.put(e.getName(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Makes {@code env} the engine-owned env of the container: variables the engine set before and
     * {@code env} lacks are removed, {@code env} is set (overriding a user variable of the same name,
     * which the engine owns from then on), and the annotation lists {@code env}'s keys.
     */
    public static void set(PodTemplateSpec template, Container c, Map<String, String> env) {
        Set<String> owned = ownedKeys(template);
        List<EnvVar> out = new ArrayList<>();
        for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
            if (!owned.contains(e.getName()) && !env.containsKey(e.getName())) {
                out.add(e);
            }
        }
        new TreeMap<>(env).forEach((k, v) -> out.add(new EnvVar(k, v, null)));
        c.setEnv(out);
        ObjectMeta meta = template.getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            template.setMetadata(meta);
        }
        Map<String, String> annotations = meta.getAnnotations() == null ? new HashMap<>() : new HashMap<>(meta.getAnnotations());
        if (env.isEmpty()) {
            annotations.remove(ENV_KEYS_ANNOTATION);
        } else {
            annotations.put(ENV_KEYS_ANNOTATION, String.join(",", new TreeSet<>(env.keySet())));
        }
        meta.setAnnotations(annotations);
    }

    private static Set<String> ownedKeys(PodTemplateSpec template) {
        String keys = template.getMetadata() == null || template.getMetadata().getAnnotations() == null ? null
                : template.getMetadata().getAnnotations().get(ENV_KEYS_ANNOTATION);
        return keys == null || keys.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(keys.split(",")));
    }
}
