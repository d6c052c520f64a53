package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.api.model.BuildBuilder;
import io.fabric8.openshift.api.model.BuildConfig;
import io.fabric8.openshift.api.model.ImageStream;
import io.fabric8.openshift.api.model.ImageStreamImport;
import io.fabric8.openshift.api.model.ImageImportStatus;
import io.fabric8.openshift.api.model.ImageImportStatusBuilder;
import io.fabric8.openshift.api.model.NamedTagEventListBuilder;
import io.fabric8.openshift.api.model.TagEventBuilder;
import io.jenkins.plugins.openmaru.model.ImageReferences;
import io.jenkins.plugins.openmaru.workload.KubernetesJson;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the API server's side of builds and image imports in front of the CRUD store. It runs on
 * the mock server's event loop, so it never calls the server over HTTP (that would deadlock):
 * it reads and writes the store through the wrapped dispatcher. Advancing the Builds it creates
 * is {@link BuildController}'s job.
 */
public final class BuildSubresources extends Dispatcher implements Resetable, CustomResourceAware {
    private static final Pattern INSTANTIATE = Pattern.compile(
            "/apis/build\\.openshift\\.io/v1/namespaces/([^/]+)/buildconfigs/([^/?]+)/(instantiate|instantiatebinary)(?:\\?(.*))?");
    private static final Pattern LOG = Pattern.compile("/apis/build\\.openshift\\.io/v1/namespaces/([^/]+)/builds/([^/?]+)/log(?:\\?.*)?");
    private static final Pattern IMPORT = Pattern.compile("/apis/image\\.openshift\\.io/v1/namespaces/([^/]+)/imagestreamimports(?:\\?.*)?");
    /** The OpenShift integrated registry's in-cluster address, as Builds report it. */
    static final String REGISTRY = "image-registry.openshift-image-registry.svc:5000";

    private final Dispatcher store;
    private final KubernetesSerialization json = KubernetesJson.SERIALIZATION;
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    private final Map<String, StringBuffer> logs = new ConcurrentHashMap<>();

    /** @param store the dispatcher that keeps the objects, normally fabric8's CRUD dispatcher */
    public BuildSubresources(Dispatcher store) {
        this.store = store;
    }

    /** The bytes a binary build of {@code namespace/build} received, or null. */
    public byte[] upload(String namespace, String build) {
        return uploads.get(namespace + "/" + build);
    }

    /** Appends a line to the log {@code builds/{name}/log} serves. */
    void log(String namespace, String build, String line) {
        logs.computeIfAbsent(namespace + "/" + build, k -> new StringBuffer()).append(line).append('\n');
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        Matcher m;
        if (request.method() == HttpMethod.POST && (m = INSTANTIATE.matcher(path)).matches()) {
            return instantiate(m.group(1), m.group(2), "instantiatebinary".equals(m.group(3)), m.group(4), request);
        }
        if (request.method() == HttpMethod.GET && (m = LOG.matcher(path)).matches()) {
            return serveLog(m.group(1), m.group(2));
        }
        if (request.method() == HttpMethod.POST && (m = IMPORT.matcher(path)).matches()) {
            return importImages(m.group(1), request);
        }
        return store.dispatch(request);
    }

    private MockResponse instantiate(String namespace, String name, boolean binary, String query, RecordedRequest request) {
        String configPath = "/apis/build.openshift.io/v1/namespaces/" + namespace + "/buildconfigs/" + name;
        MockResponse found = store.dispatch(synthetic(HttpMethod.GET, configPath, null));
        if (found.code() != 200) {
            return found;
        }
        BuildConfig config = json.unmarshal(found.getBody().readUtf8(), BuildConfig.class);
        if (config.getStatus() == null) {
            config.setStatus(new io.fabric8.openshift.api.model.BuildConfigStatus());
        }
        long number = (config.getStatus().getLastVersion() == null ? 0 : config.getStatus().getLastVersion()) + 1;
        config.getStatus().setLastVersion(number);
        store.dispatch(synthetic(HttpMethod.PUT, configPath, json.asJson(config)));

        String buildName = name + "-" + number;
        Build build = new BuildBuilder()
                .withNewMetadata().withName(buildName).withNamespace(namespace)
                .addToLabels("buildconfig", name).addToLabels("openshift.io/build-config.name", name)
                .addToAnnotations("openshift.io/build-config.name", name)
                .addToAnnotations("openshift.io/build.number", Long.toString(number))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("build.openshift.io/v1").withKind("BuildConfig")
                        .withName(name).withUid(config.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec()
                .withSource(config.getSpec().getSource()).withStrategy(config.getSpec().getStrategy())
                .withOutput(config.getSpec().getOutput()).withResources(config.getSpec().getResources())
                .addNewTriggeredBy().withMessage(binary ? "Binary upload" : "Manually triggered").endTriggeredBy()
                .endSpec()
                .withNewStatus().withPhase("New").withNewConfig().withKind("BuildConfig").withName(name).withNamespace(namespace).endConfig()
                .endStatus()
                .build();
        if (binary) {
            String asFile = queryParameter(query, "asFile");
            build.getSpec().getSource().setType("Binary");
            build.getSpec().getSource().setGit(null);
            build.getSpec().getSource().setBinary(new io.fabric8.openshift.api.model.BinaryBuildSource(asFile));
            uploads.put(namespace + "/" + buildName, request.getBody().getBytes());
        }
        return store.dispatch(synthetic(HttpMethod.POST, "/apis/build.openshift.io/v1/namespaces/" + namespace + "/builds", json.asJson(build)));
    }

    private MockResponse serveLog(String namespace, String build) {
        MockResponse found = store.dispatch(synthetic(HttpMethod.GET, "/apis/build.openshift.io/v1/namespaces/" + namespace + "/builds/" + build, null));
        if (found.code() != 200) {
            return found;
        }
        StringBuffer log = logs.get(namespace + "/" + build);
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                .setBody(log == null ? "" : log.toString());
    }

    /** Resolves each requested image to a digest (its own, or one derived from the name) and records it. */
    private MockResponse importImages(String namespace, RecordedRequest request) {
        ImageStreamImport imports = json.unmarshal(request.getBody().readUtf8(), ImageStreamImport.class);
        List<ImageImportStatus> results = new ArrayList<>();
        for (var image : imports.getSpec().getImages()) {
            String reference = image.getFrom().getName();
            String tag = image.getTo() == null ? "latest" : image.getTo().getName();
            if (reference.contains("missing")) {
                results.add(new ImageImportStatusBuilder().withTag(tag).withStatus(new StatusBuilder().withStatus("Failure")
                        .withReason("NotFound").withMessage("manifest unknown: " + reference).build()).build());
                continue;
            }
            String digest = ImageReferences.digest(reference) != null ? ImageReferences.digest(reference) : SimulatedDigests.of(reference);
            String pinned = ImageReferences.pinned(reference, digest);
            results.add(new ImageImportStatusBuilder().withTag(tag).withStatus(new StatusBuilder().withStatus("Success").build())
                    .withNewImage().withNewMetadata().withName(digest).endMetadata().withDockerImageReference(pinned).endImage().build());
            if (Boolean.TRUE.equals(imports.getSpec().getImport())) {
                recordTag(namespace, imports.getMetadata().getName(), tag, pinned, digest);
            }
        }
        imports.setStatus(new io.fabric8.openshift.api.model.ImageStreamImportStatusBuilder().withImages(results).build());
        return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json").setBody(json.asJson(imports));
    }

    /** Puts {@code pinned} at the head of the ImageStream's status tag, as the registry does after a push or import. */
    void recordTag(String namespace, String stream, String tag, String pinned, String digest) {
        String path = "/apis/image.openshift.io/v1/namespaces/" + namespace + "/imagestreams/" + stream;
        MockResponse found = store.dispatch(synthetic(HttpMethod.GET, path, null));
        if (found.code() != 200) {
            return;
        }
        ImageStream is = json.unmarshal(found.getBody().readUtf8(), ImageStream.class);
        var status = is.getStatus() == null ? new io.fabric8.openshift.api.model.ImageStreamStatus() : is.getStatus();
        status.setDockerImageRepository(REGISTRY + "/" + namespace + "/" + stream);
        var event = new TagEventBuilder().withCreated(Instant.now().toString()).withDockerImageReference(pinned).withImage(digest).build();
        var existing = status.getTags().stream().filter(t -> tag.equals(t.getTag())).findFirst();
        if (existing.isPresent()) {
            existing.get().getItems().add(0, event);
        } else {
            status.getTags().add(new NamedTagEventListBuilder().withTag(tag).withItems(event).build());
        }
        is.setStatus(status);
        store.dispatch(synthetic(HttpMethod.PUT, path + "/status", json.asJson(is)));
    }

    private static RecordedRequest synthetic(HttpMethod method, String path, String body) {
        return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String queryParameter(String query, String name) {
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    @Override
    public void reset() {
        uploads.clear();
        logs.clear();
        if (store instanceof Resetable resetable) {
            resetable.reset();
        }
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext rdc) {
        if (store instanceof CustomResourceAware aware) {
            aware.expectCustomResource(rdc);
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }
}
