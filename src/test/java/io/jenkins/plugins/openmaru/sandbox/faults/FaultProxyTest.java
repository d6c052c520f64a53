package io.jenkins.plugins.openmaru.sandbox.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.openmaru.engine.ClusterClients;
import io.jenkins.plugins.openmaru.sandbox.SimulatedOpenShift;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fault proxy passes requests and watches through unchanged, and injects exactly the faults its rules choose. */
class FaultProxyTest {
    static SimulatedOpenShift cluster;
    static FaultProxy proxy;
    static KubernetesClient client;

    @BeforeAll
    static void start() {
        cluster = SimulatedOpenShift.start();
        proxy = FaultProxy.start(cluster.url());
        client = ClusterClients.create(new io.fabric8.kubernetes.client.ConfigBuilder(cluster.config("fault-test"))
                .withMasterUrl(proxy.url()).withRequestRetryBackoffLimit(0).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
        cluster.close();
    }

    private static ConfigMap cm(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("f").endMetadata().addToData("k", "v").build();
    }

    @Test
    void passesRequestsAndWatchesThrough() throws Exception {
        CountDownLatch seen = new CountDownLatch(1);
        var watch = client.configMaps().inNamespace("f").withName("w").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.countDown();
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        client.configMaps().inNamespace("f").resource(cm("w")).create();
        assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
        watch.close();
        assertThat(client.configMaps().inNamespace("f").withName("w").get().getData()).containsEntry("k", "v");
    }

    @Test
    void answersResetsAfterApplying() {
        proxy.rules().clear();
        proxy.rules().add(FaultRule.on("POST", ".*/configmaps", FaultRule.answer(503)))
                .add(FaultRule.on("POST", ".*/configmaps", new FaultRule.ResetAfter()).occurrences(2, 1));
        assertThatThrownBy(() -> client.configMaps().inNamespace("f").resource(cm("a")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(503));
        assertThat(cluster.newClient().configMaps().inNamespace("f").withName("a").get()).isNull();
        assertThatThrownBy(() -> client.configMaps().inNamespace("f").resource(cm("a")).create()).isInstanceOf(KubernetesClientException.class);
        assertThat(cluster.newClient().configMaps().inNamespace("f").withName("a").get()).isNotNull();
        assertThat(client.configMaps().inNamespace("f").withName("a").get()).isNotNull();
        proxy.rules().clear();
    }
}
