package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * fabric8's CRUD store with its objects also indexed by name, as a real API server finds one object by its key rather
 * than by looking at all of them. fabric8's store answers a GET of one object, and finds the object a PUT or PATCH
 * replaces, by matching every stored object against the request; with the objects of 1,000 apps stored, each request
 * cost a scan of thousands. Here those lookups match only the objects of that name (of every kind and namespace, a
 * handful) with fabric8's own matching, so what they answer is what fabric8's store answers: the same 404s, 409s on a
 * stale resourceVersion or an existing name, label and field selectors, watches and events. Lists, watches and
 * deletes still look at every object, as before.
 */
final class IndexedCrudStore extends KubernetesCrudDispatcher {
    private static final String NAME = KubernetesAttributesExtractor.NAME;
    /** fabric8 matches a value of "*" with any other: an object so named matches any name, and a query so named every object. */
    private static final String ANY = "*";

    /** Over fabric8's own lock: the index changes with the store, and readers never see one without the other. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The keys of the stored objects by name, in the order the store holds them. */
    private final Map<String, Set<AttributeSet>> byName = new HashMap<>();

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return writing(() -> super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return writing(() -> super.handleUpdate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return writing(() -> super.handlePatch(request));
    }

    @Override
    public MockResponse handleDelete(String path) {
        return writing(() -> super.handleDelete(path));
    }

    @Override
    public MockResponse handleGet(String path) {
        lock.readLock().lock();
        try {
            AttributeSet query = getKey(path);
            String name = indexedName(query);
            if (name == null || path.contains("watch=true")) {
                return super.handleGet(path);
            }
            Map.Entry<AttributeSet, String> found = find(query, name);
            return found == null ? new MockResponse().setResponseCode(404) : new MockResponse().setResponseCode(200).setBody(found.getValue());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The object a PUT or PATCH replaces, or whose name a POST would take: called under the write lock. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        String name = indexedName(attributes);
        return name == null ? super.findResource(attributes) : find(attributes, name);
    }

    /** Every change of the store goes through here (under the write lock): the index follows it. */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes, GenericKubernetesResource resource,
            String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            unindex(oldAttributes);
        }
        if (newState != null) {
            AttributeSet stored = storedKey(pathAttributes, resource, newState);
            if (map.containsKey(stored)) {
                index(stored);
            } else {
                // fabric8 keyed it otherwise than storedKey says (a newer fabric8): correct, if slow, rather than wrong.
                reindex();
            }
        }
    }

    @Override
    public void reset() {
        writing(() -> {
            super.reset();
            byName.clear();
            return null;
        });
    }

    /** The key fabric8 stores {@code newState} under: its own attributes, and the path's when they do not name the resource. */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
        AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    private Map.Entry<AttributeSet, String> find(AttributeSet query, String name) {
        for (String bucket : List.of(name, ANY)) {
            for (AttributeSet key : byName.getOrDefault(bucket, Set.of())) {
                String body = key.matches(query) ? map.get(key) : null;
                if (body != null) {
                    return Map.entry(key, body);
                }
            }
        }
        return null;
    }

    /** The name a query asks for, when the index can answer it: one plain name, not a wildcard or a negation. */
    private static String indexedName(AttributeSet query) {
        Attribute name = query.getAttribute(NAME);
        if (name == null || name.getType() != AttributeType.WITH || name.getValues().size() != 1) {
            return null;
        }
        String value = name.getValues().get(0).toString();
        return value == null || value.equals(ANY) ? null : value;
    }

    private void index(AttributeSet key) {
        String name = nameOf(key);
        if (name != null) {
            byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
        }
    }

    private void unindex(AttributeSet key) {
        String name = nameOf(key);
        Set<AttributeSet> keys = name == null ? null : byName.get(name);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            byName.remove(name);
        }
    }

    private void reindex() {
        byName.clear();
        synchronized (map) {
            map.keySet().forEach(this::index);
        }
    }

    private static String nameOf(AttributeSet key) {
        Attribute name = key.getAttribute(NAME);
        return name == null || name.getValues().isEmpty() ? null : name.getValues().get(0).toString();
    }

    private <T> T writing(Supplier<T> change) {
        lock.writeLock().lock();
        try {
            return change.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
