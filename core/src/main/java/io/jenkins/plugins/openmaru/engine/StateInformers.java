package io.jenkins.plugins.openmaru.engine;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.workload.SlotWorkloads;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One informer per (client, namespace) on the apps' state ConfigMaps (labelled {@link SlotWorkloads#APP_LABEL}), shared
 * by every drive of that namespace and dispatching each change to the drives of its app. However many apps are driven,
 * a namespace has one watch: it resumes from the last resourceVersion it saw, ends after its timeoutSeconds to be opened
 * again, and lists again when the API server answers 410 Gone (fabric8's reflector). Its cache answers state reads of
 * apps that are only followed. The informer stops when the last subscription of its namespace closes.
 */
final class StateInformers {
    private static final Logger LOG = Logger.getLogger(StateInformers.class.getName());
    private static final Map<Key, Shared> SHARED = new HashMap<>();

    private record Key(KubernetesClient client, String namespace) {}

    private StateInformers() {}

    /** Calls {@code onChange} with the app's state ConfigMap each time it changes in the cluster, until the subscription is closed. */
    static Subscription subscribe(KubernetesClient client, AppRef app, Consumer<ConfigMap> onChange) {
        Key key = new Key(client, app.namespace());
        Shared s;
        synchronized (SHARED) {
            s = SHARED.get(key);
            if (s == null || s.informer.stopped().toCompletableFuture().isDone()) {
                s = new Shared(key);
                SHARED.put(key, s);
            }
            s.add(app.app(), onChange);
        }
        s.startOnce();
        return new Subscription(s, app, onChange);
    }

    /** Whether an informer runs for {@code client}'s {@code namespace}: for tests and the benchmark. */
    static int running() {
        synchronized (SHARED) {
            return SHARED.size();
        }
    }

    /** A drive's interest in one app's state. */
    static final class Subscription implements AutoCloseable {
        private final Shared shared;
        private final AppRef app;
        private final Consumer<ConfigMap> onChange;
        private boolean closed;

        private Subscription(Shared shared, AppRef app, Consumer<ConfigMap> onChange) {
            this.shared = shared;
            this.app = app;
            this.onChange = onChange;
        }

        /** The app's state ConfigMap as the informer last saw it; empty before the first list or when there is none. */
        Optional<ConfigMap> cached() {
            return shared.informer.hasSynced()
                    ? Optional.ofNullable(shared.informer.getStore().getByKey(app.namespace() + "/" + StateStore.name(app)))
                    : Optional.empty();
        }

        /** Whether the shared watch is open: while it is not, a change may be seen late (after the next list). */
        boolean watching() {
            return shared.informer.isWatching();
        }

        @Override
        public void close() {
            synchronized (SHARED) {
                if (closed) {
                    return;
                }
                closed = true;
                if (shared.remove(app.app(), onChange) && SHARED.get(shared.key) == shared) {
                    SHARED.remove(shared.key);
                    shared.informer.stop();
                }
            }
        }
    }

    private static final class Shared implements ResourceEventHandler<ConfigMap> {
        final Key key;
        final SharedIndexInformer<ConfigMap> informer;
        final Map<String, Set<Consumer<ConfigMap>>> listeners = new ConcurrentHashMap<>();
        int subscriptions;
        boolean started;

        Shared(Key key) {
            this.key = key;
            this.informer = key.client().configMaps().inNamespace(key.namespace()).withLabel(SlotWorkloads.APP_LABEL).runnableInformer(0);
            informer.addEventHandler(this);
            // fabric8 gives up on an informer whose first watch fails (a 410 Gone included) unless told to list and watch again.
            informer.exceptionHandler((started, e) -> {
                LOG.log(Level.FINE, "the state watch of namespace " + key.namespace() + " failed; listing and watching again", e);
                return true;
            });
        }

        void add(String app, Consumer<ConfigMap> l) {
            subscriptions++;
            listeners.computeIfAbsent(app, a -> new CopyOnWriteArraySet<>()).add(l);
        }

        /** @return whether that was the last subscription */
        boolean remove(String app, Consumer<ConfigMap> l) {
            Set<Consumer<ConfigMap>> ls = listeners.get(app);
            if (ls != null && ls.remove(l) && ls.isEmpty()) {
                listeners.remove(app, ls);
            }
            return --subscriptions == 0;
        }

        void startOnce() {
            synchronized (this) {
                if (started) {
                    return;
                }
                started = true;
            }
            informer.start().whenComplete((v, e) -> {
                if (e != null) {
                    LOG.log(Level.WARNING, "watching the delivery state in namespace " + key.namespace() + " stopped; drives fall back to timers", e);
                }
            });
        }

        @Override
        public void onAdd(ConfigMap cm) {
            dispatch(cm);
        }

        @Override
        public void onUpdate(ConfigMap before, ConfigMap after) {
            // A re-list reports every object again; only a new resourceVersion is a change.
            if (!Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                dispatch(after);
            }
        }

        @Override
        public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
            dispatch(cm);
        }

        private void dispatch(ConfigMap cm) {
            String app = cm.getMetadata().getLabels().get(SlotWorkloads.APP_LABEL);
            Set<Consumer<ConfigMap>> ls = app == null ? null : listeners.get(app);
            if (ls == null || !cm.getMetadata().getName().equals(StateStore.name(new AppRef(key.namespace(), app)))) {
                return;
            }
            for (Consumer<ConfigMap> l : ls) {
                try {
                    l.accept(cm);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a drive of " + key.namespace() + "/" + app + " failed to take a state change", e);
                }
            }
        }
    }
}
