package io.jenkins.plugins.openmaru.jenkins;

import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.TIMEOUT;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.context;
import static io.jenkins.plugins.openmaru.jenkins.DeliveryFixture.start;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.openmaru.cli.Cli;
import io.jenkins.plugins.openmaru.engine.EngineConfig;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.sandbox.SandboxKubeconfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openmaruStatus, the build page's JSON and {@code openmaru status -o json} are one document, read from one cluster. */
class StatusDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theStepTheBuildPageAndTheCliReturnTheSameDocument(@TempDir Path tmp) throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(DeliveryFixture.sharedCluster())) {
            f.firstRelease("registry/shop:1.0");
            Path kubeconfig = tmp.resolve("kubeconfig");
            SandboxKubeconfig.write(kubeconfig, DeliveryFixture.sharedCluster().url(), f.namespace);
            assertThat(cli(kubeconfig, "canary", "shop", "--image", "registry/shop:2.0", "--steps", "30,pause:1s,100"))
                    .contains("\"phase\" : \"PROMOTED\"");

            TestStepContext c = context(new FakeBuild("shop-status", 1), new BuildLog());
            start(new StatusStep("shop"), c);
            @SuppressWarnings("unchecked")
            Map<String, Object> step = new LinkedHashMap<>((Map<String, Object>) c.awaitSuccess(TIMEOUT));
            Map<String, Object> printed = JSON.readValue(cli(kubeconfig, "status", "shop"), new TypeReference<LinkedHashMap<String, Object>>() { });
            AppRef app = new AppRef(f.namespace, "shop");
            Map<String, Object> page = StatusMaps.of(new AppLocation("sim", app),
                    new RolloutEngine(DeliveryFixture.sharedCluster().newClient(), EngineConfig.of("page")).status(app));

            assertThat(step.remove("cluster")).isEqualTo("sim");
            step.remove("dora");
            assertThat(JSON.writeValueAsString(step)).isEqualTo(JSON.writeValueAsString(printed));
            assertThat(page.keySet()).containsExactlyElementsOf(List.copyOf(withCluster(printed).keySet()));
            assertThat(printed.get("strategy")).isEqualTo("canary");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> history = (List<Map<String, Object>>) printed.get("history");
            assertThat(history).extracting(r -> r.get("image")).as("newest first").containsExactly("registry/shop:2.0", "registry/shop:1.0");
            assertThat(history).allSatisfy(r -> assertThat(r).containsKey("at").doesNotContainKey("time"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> events = (List<Map<String, Object>>) printed.get("events");
            assertThat(events).extracting(e -> e.get("action")).containsExactly("start", "deploy", "setWeight", "promote");
        }
    }

    private static Map<String, Object> withCluster(Map<String, Object> document) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", "sim");
        m.putAll(document);
        return m;
    }

    private static String cli(Path kubeconfig, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig.toString(), "-o", "json"));
        all.addAll(List.of(args));
        int exit = Cli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }
}
