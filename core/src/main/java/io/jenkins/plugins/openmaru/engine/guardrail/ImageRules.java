package io.jenkins.plugins.openmaru.engine.guardrail;

import io.jenkins.plugins.openmaru.model.GuardrailMode;
import io.jenkins.plugins.openmaru.model.GuardrailPolicy;
import io.jenkins.plugins.openmaru.model.GuardrailViolation;
import io.jenkins.plugins.openmaru.model.ImageReferences;
import java.util.ArrayList;
import java.util.List;

/** The image rules (allowedRegistries, imageDigest) on one image reference, wherever it appears: a pod template or a build. */
final class ImageRules {
    private ImageRules() {}

    /**
     * @param object kind and name, e.g. {@code BuildConfig shop}
     * @param field where {@code image} is within the object
     * @param digestRule whether the imageDigest rule applies to this reference
     */
    static List<GuardrailViolation> check(GuardrailPolicy policy, String object, String field, String image, boolean digestRule) {
        GuardrailMode mode = policy.effectiveMode();
        List<GuardrailViolation> found = new ArrayList<>();
        if (mode == GuardrailMode.OFF) {
            return found;
        }
        if (!policy.registryAllowed(image)) {
            found.add(new GuardrailViolation("allowedRegistries", object, field, image + " must come from one of " + policy.registries(), mode));
        }
        if (digestRule && policy.digestRequired() && ImageReferences.digest(image) == null) {
            found.add(new GuardrailViolation("imageDigest", object, field, image + " must be pinned by digest (@sha256:...)", mode));
        }
        return found;
    }
}
