package io.jenkins.plugins.openmaru.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jenkins.plugins.openmaru.model.TemplateParameters;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every template is processed with the one shared mapping: a processor of its own (each apply makes one) that built its own
 * mapping paid for Jackson's deserializers of every kind in the template again, about 20 times what processing costs.
 * Measured as the bytes the processing thread allocates, which load on the machine does not change.
 */
class TemplateMappingTest {
    private static final TemplateParameters VALUES = new TemplateParameters(Map.of(
            "APPLICATION_NAME", "shop",
            "SOURCE_REPOSITORY_URL", "https://git.example.com/team/shop.git"));

    private static long allocated(Runnable work) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        work.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aNewProcessorCostsLessThanAFreshMappingOfTheTemplatesObjects() {
        TemplateDocument template = TemplateDocument.openmaruJava();
        List<JsonNode> processed = new TemplateProcessor().process(template, VALUES).objects().stream()
                .map(o -> KubernetesJson.SERIALIZATION.convertValue(o, JsonNode.class)).toList();
        long processing = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            processing = Math.min(processing, allocated(() -> new TemplateProcessor().process(template, VALUES)));
        }

        long freshMapping = allocated(() -> {
            KubernetesSerialization fresh = new KubernetesSerialization();
            processed.forEach(o -> fresh.convertValue(o, KubernetesResource.class));
        });

        assertThat(processing).as("bytes allocated by processing the template with a new processor, vs. by a fresh mapping of its %d objects",
                processed.size()).isLessThan(freshMapping / 4);
    }
}
