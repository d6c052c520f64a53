package io.jenkins.plugins.openmaru.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One resource type the sandbox's API server serves, as API discovery describes it to clients such as
 * {@code kubectl} and {@code oc}: its kind, short names, categories, verbs and subresources, the way
 * Kubernetes and OpenShift 4 name them; and the columns {@code kubectl get} prints for it after the name.
 * Every type the sandbox serves is namespaced.
 *
 * @param group the API group, {@code ""} for the core group
 * @param columns none: the API server prints no table for the kind, and kubectl prints name and age itself
 */
record ServedResource(String group, String version, String plural, String kind, List<String> shortNames,
        List<String> categories, List<String> verbs, List<Subresource> subresources, List<PrinterColumns.Column> columns) {

    /** What the CRUD store answers for any stored kind. */
    static final List<String> STORED = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    /** A {@code /status} subresource: read and written apart from the spec. */
    static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    /** A subresource such as {@code deployments/status}, with the kind its requests answer with. */
    record Subresource(String name, String kind, List<String> verbs) {}

    /** A stored kind: all the {@link #STORED} verbs, no short name, category, subresource or column yet. */
    static ServedResource stored(String groupVersion, String plural, String kind) {
        int slash = groupVersion.indexOf('/');
        return new ServedResource(slash < 0 ? "" : groupVersion.substring(0, slash), groupVersion.substring(slash + 1), plural, kind,
                List.of(), List.of(), STORED, List.of(), List.of());
    }

    ServedResource withShortNames(String... names) {
        return new ServedResource(group, version, plural, kind, List.of(names), categories, verbs, subresources, columns);
    }

    /** In the {@code all} category, so {@code kubectl get all} lists it. */
    ServedResource inCategoryAll() {
        return new ServedResource(group, version, plural, kind, shortNames, List.of("all"), verbs, subresources, columns);
    }

    ServedResource withVerbs(String... only) {
        return new ServedResource(group, version, plural, kind, shortNames, categories, List.of(only), subresources, columns);
    }

    ServedResource withSubresource(String name, String responseKind, List<String> subresourceVerbs) {
        List<Subresource> more = new ArrayList<>(subresources);
        more.add(new Subresource(name, responseKind, subresourceVerbs));
        return new ServedResource(group, version, plural, kind, shortNames, categories, verbs, List.copyOf(more), columns);
    }

    ServedResource printedWith(List<PrinterColumns.Column> printed) {
        return new ServedResource(group, version, plural, kind, shortNames, categories, verbs, subresources, printed);
    }

    ServedResource withStatus() {
        return withSubresource("status", kind, STATUS_VERBS);
    }

    /** {@code v1} for the core group, else {@code group/version}. */
    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The singular name: the kind in lower case, as the API server derives it. */
    String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }
}
