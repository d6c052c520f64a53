package io.jenkins.plugins.openmaru.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sandbox API server finds one object by its name ({@link IndexedCrudStore}); what it answers must stay what
 * fabric8's store answers: the object of that kind and namespace among others of the same name, the object as last
 * written (labels changed included), 404 once deleted, 409 for a stale resourceVersion or a taken name.
 */
class IndexedCrudStoreTest extends ClusterTest {

    private static ConfigMap configMap(String namespace, String name, String value, Map<String, String> labels) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .addToData("value", value).build();
    }

    @Test
    void anObjectIsFoundAmongOthersOfTheSameNameInOtherKindsAndNamespaces() {
        client.configMaps().inNamespace("index-a").resource(configMap("index-a", "shop", "a", Map.of())).create();
        client.configMaps().inNamespace("index-b").resource(configMap("index-b", "shop", "b", Map.of())).create();
        client.secrets().inNamespace("index-a").resource(new SecretBuilder().withNewMetadata().withName("shop").endMetadata()
                .addToStringData("value", "secret").build()).create();

        assertThat(client.configMaps().inNamespace("index-a").withName("shop").get().getData()).containsEntry("value", "a");
        assertThat(client.configMaps().inNamespace("index-b").withName("shop").get().getData()).containsEntry("value", "b");
        assertThat(client.secrets().inNamespace("index-a").withName("shop").get()).isNotNull();
        assertThat(client.secrets().inNamespace("index-b").withName("shop").get()).as("no Secret there").isNull();
        assertThat(client.configMaps().inNamespace("index-c").withName("shop").get()).as("no ConfigMap there").isNull();
        assertThat(client.configMaps().inNamespace("index-a").withName("shop-2").get()).isNull();
    }

    @Test
    void anObjectWhoseLabelsChangedIsFoundAsLastWrittenAndAStaleVersionConflicts() {
        ConfigMap first = client.configMaps().inNamespace("index-labels")
                .resource(configMap("index-labels", "cart", "1", Map.of("release", "one"))).create();
        ConfigMap second = client.configMaps().inNamespace("index-labels").resource(new ConfigMapBuilder(first).editMetadata()
                .withLabels(Map.of("release", "two")).endMetadata().addToData("value", "2").build()).update();

        ConfigMap read = client.configMaps().inNamespace("index-labels").withName("cart").get();
        assertThat(read.getData()).containsEntry("value", "2");
        assertThat(read.getMetadata().getLabels()).containsEntry("release", "two");
        assertThat(client.configMaps().inNamespace("index-labels").withLabel("release", "two").list().getItems()).hasSize(1);
        assertThat(client.configMaps().inNamespace("index-labels").withLabel("release", "one").list().getItems()).isEmpty();

        assertThatThrownBy(() -> client.configMaps().inNamespace("index-labels").resource(new ConfigMapBuilder(first)
                .addToData("value", "stale").build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        client.configMaps().inNamespace("index-labels").resource(new ConfigMapBuilder(second).addToData("value", "3").build()).update();
        client.configMaps().inNamespace("index-labels").withName("cart").edit(c -> new ConfigMapBuilder(c).addToData("patched", "yes").build());

        assertThat(client.configMaps().inNamespace("index-labels").withName("cart").get().getData())
                .containsEntry("value", "3").containsEntry("patched", "yes");
    }

    @Test
    void aDeletedObjectIsGoneAndItsNameFreeWhileATakenNameConflicts() {
        ConfigMap lease = configMap("index-delete", "lease", "1", Map.of());
        client.configMaps().inNamespace("index-delete").resource(lease).create();
        assertThatThrownBy(() -> client.configMaps().inNamespace("index-delete").resource(lease).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

        client.configMaps().inNamespace("index-delete").withName("lease").delete();
        assertThat(client.configMaps().inNamespace("index-delete").withName("lease").get()).isNull();
        assertThatThrownBy(() -> client.configMaps().inNamespace("index-delete").withName("lease")
                .edit(c -> new ConfigMapBuilder(c).addToData("value", "2").build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));

        client.configMaps().inNamespace("index-delete").resource(configMap("index-delete", "lease", "again", Map.of())).create();
        assertThat(client.configMaps().inNamespace("index-delete").withName("lease").get().getData()).containsEntry("value", "again");
    }

    @Test
    void aWatchOfOneObjectSeesItsChanges() throws Exception {
        ConfigMap created = client.configMaps().inNamespace("index-watch").resource(configMap("index-watch", "state", "1", Map.of())).create();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch w = client.configMaps().inNamespace("index-watch").withName("state").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                events.add(action + " " + cm.getData().get("value"));
            }

            @Override
            public void onClose(WatcherException cause) {
                // the test closes it
            }
        })) {
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED 1");
            client.configMaps().inNamespace("index-watch").resource(new ConfigMapBuilder(created).addToData("value", "2").build()).update();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("MODIFIED 2");
        }
        assertThat(List.copyOf(events)).isEmpty();
    }
}
