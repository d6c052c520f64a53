package io.jenkins.plugins.openmaru.sandbox;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.openshift.api.model.Build;
import io.fabric8.openshift.client.OpenShiftClient;
import io.jenkins.plugins.openmaru.model.BuildPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays OpenShift's build controller in the sandbox: each new Build goes New → Running →
 * Complete, writing a build log and reporting its output image by digest, both in the Build's
 * status (written through {@code /status}) and in the output ImageStream.
 * <ul>
 *   <li>A Git URI containing {@code fail} makes the build Failed, with a failing log.</li>
 *   <li>A Git URI containing {@code hold} keeps it Running until it is cancelled.</li>
 *   <li>{@code status.cancelled=true} (what {@code oc cancel-build} writes) makes it Cancelled.</li>
 * </ul>
 */
public final class BuildController implements AutoCloseable {
    private final BuildSubresources subresources;
    private final OpenShiftClient client;
    private final Duration step;
    private final ScheduledExecutorService worker;
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<Build> informer;

    public BuildController(BuildMockServer server, OpenShiftClient client) {
        this(server.subresources(), client, Duration.ofMillis(50));
    }

    /**
     * @param subresources the dispatcher in front of the server's store that creates Builds and serves their logs
     * @param step time between a build's phases, so callers can watch them change
     */
    public BuildController(BuildSubresources subresources, OpenShiftClient client, Duration step) {
        this.subresources = subresources;
        this.client = client;
        this.step = step;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sandbox-build-controller");
            t.setDaemon(true);
            return t;
        });
        this.informer = client.builds().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Build build) {
                worker.execute(() -> react(build));
            }

            @Override
            public void onUpdate(Build oldBuild, Build build) {
                worker.execute(() -> react(build));
            }

            @Override
            public void onDelete(Build build, boolean deletedFinalStateUnknown) {
                started.remove(key(build));
            }
        });
    }

    private void react(Build build) {
        BuildPhase phase = BuildPhase.of(build.getStatus() == null ? null : build.getStatus().getPhase());
        if (phase.terminal()) {
            return;
        }
        if (Boolean.TRUE.equals(build.getStatus().getCancelled())) {
            log(build, "Build " + build.getMetadata().getName() + " was cancelled.");
            writeStatus(build, BuildPhase.CANCELLED, "CancelledBuild", "The build was cancelled by the user.");
            return;
        }
        if (phase == BuildPhase.NEW && started.add(key(build))) {
            worker.schedule(() -> run(build.getMetadata().getNamespace(), build.getMetadata().getName()), step.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Writes the whole log the build will have, then shows it Running; the outcome follows one step later. */
    private void run(String namespace, String name) {
        Build build = current(namespace, name);
        // A build cancelled while New ends Cancelled (react), and never runs after that.
        if (build == null || BuildPhase.of(build.getStatus().getPhase()).terminal() || Boolean.TRUE.equals(build.getStatus().getCancelled())) {
            return;
        }
        var source = build.getSpec().getSource();
        String uri = source.getGit() == null ? "" : source.getGit().getUri();
        if (source.getBinary() != null) {
            byte[] upload = subresources.upload(namespace, name);
            log(build, "Receiving source from STDIN as " + (source.getBinary().getAsFile() != null ? "file " + source.getBinary().getAsFile() : "archive") + " ...");
            log(build, "Received " + (upload == null ? 0 : upload.length) + " bytes");
        } else {
            log(build, "Cloning \"" + uri + "\" ...");
            log(build, "\tCommit:\t" + SimulatedDigests.of(uri).substring(7, 47));
        }
        String tool = build.getSpec().getStrategy().getSourceStrategy().getEnv().stream()
                .filter(e -> "BUILD_TOOL".equals(e.getName())).map(e -> e.getValue()).findFirst().orElse("maven");
        log(build, "Performing " + tool + " build ...");
        if (uri.contains("fail")) {
            log(build, "[ERROR] COMPILATION ERROR : src/main/java/App.java:[3,1] ';' expected");
            log(build, "error: build error: non-zero (13) exit code from builder");
        } else if (!uri.contains("hold")) {
            Output output = Output.of(build);
            log(build, "Pushing image " + output.repository() + ":" + output.tag() + " ...");
            log(build, "Successfully pushed " + output.repository() + "@" + output.digest());
            log(build, "Push successful");
        }
        writeStatus(build, BuildPhase.RUNNING, null, null);
        worker.schedule(() -> finish(namespace, name), step.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(String namespace, String name) {
        Build build = current(namespace, name);
        if (build == null || BuildPhase.of(build.getStatus().getPhase()) != BuildPhase.RUNNING
                || Boolean.TRUE.equals(build.getStatus().getCancelled())) {
            return;
        }
        String uri = build.getSpec().getSource().getGit() == null ? "" : build.getSpec().getSource().getGit().getUri();
        if (uri.contains("hold")) {
            return;
        }
        if (uri.contains("fail")) {
            writeStatus(build, BuildPhase.FAILED, "GenericBuildFailed", "Generic Build failure - check logs for details.");
            return;
        }
        Output output = Output.of(build);
        subresources.recordTag(namespace, output.stream(), output.tag(), output.repository() + "@" + output.digest(), output.digest());
        client.builds().inNamespace(namespace).withName(name).editStatus(b -> {
            b.getStatus().setPhase(BuildPhase.COMPLETE.apiName());
            b.getStatus().setCompletionTimestamp(Instant.now().toString());
            b.getStatus().setOutputDockerImageReference(output.repository() + ":" + output.tag());
            b.getStatus().setOutput(new io.fabric8.openshift.api.model.BuildStatusOutputBuilder()
                    .withNewTo().withImageDigest(output.digest()).endTo().build());
            return b;
        });
    }

    /** Where a build pushes: its output ImageStreamTag in the integrated registry, and the simulated digest. */
    private record Output(String stream, String tag, String repository, String digest) {
        static Output of(Build build) {
            String namespace = build.getMetadata().getNamespace();
            String to = build.getSpec().getOutput().getTo().getName();
            int colon = to.indexOf(':');
            String stream = colon < 0 ? to : to.substring(0, colon);
            return new Output(stream, colon < 0 ? "latest" : to.substring(colon + 1), BuildSubresources.REGISTRY + "/" + namespace + "/" + stream,
                    SimulatedDigests.of(namespace + "/" + build.getMetadata().getName() + "/" + build.getMetadata().getUid()));
        }
    }

    private void writeStatus(Build build, BuildPhase phase, String reason, String message) {
        client.builds().inNamespace(build.getMetadata().getNamespace()).withName(build.getMetadata().getName()).editStatus(b -> {
            b.getStatus().setPhase(phase.apiName());
            b.getStatus().setReason(reason);
            b.getStatus().setMessage(message);
            if (phase == BuildPhase.RUNNING) {
                b.getStatus().setStartTimestamp(Instant.now().toString());
            } else {
                b.getStatus().setCompletionTimestamp(Instant.now().toString());
            }
            return b;
        });
    }

    private Build current(String namespace, String name) {
        return client.builds().inNamespace(namespace).withName(name).get();
    }

    private void log(Build build, String line) {
        subresources.log(build.getMetadata().getNamespace(), build.getMetadata().getName(), line);
    }

    private static String key(Build build) {
        return build.getMetadata().getNamespace() + "/" + build.getMetadata().getName();
    }

    @Override
    public void close() {
        informer.close();
        worker.shutdownNow();
    }
}
