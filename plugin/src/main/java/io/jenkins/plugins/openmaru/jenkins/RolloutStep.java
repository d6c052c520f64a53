package io.jenkins.plugins.openmaru.jenkins;

import hudson.util.ListBoxModel;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.Durations;
import io.jenkins.plugins.openmaru.model.RolloutPhase;
import io.jenkins.plugins.openmaru.model.RolloutSpec;
import io.jenkins.plugins.openmaru.model.RouterKind;
import io.jenkins.plugins.openmaru.model.StrategySpec;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/** The arguments every strategy step shares: the image, the slot's shape, the timing, who may roll back. */
public abstract class RolloutStep extends DeliveryStep {
    private final String image;
    private Integer replicas;
    private Integer port;
    private Object env;
    private String scaleDownDelay;
    private String abortScaleDownDelay;
    private String progressDeadline;
    private String approvers;
    private String router;
    private String bake;

    protected RolloutStep(String app, String image) {
        super(app);
        this.image = image;
    }

    public String getImage() {
        return image;
    }

    public Integer getReplicas() {
        return replicas;
    }

    @DataBoundSetter
    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getPort() {
        return port;
    }

    /** Null (a blank field in the Snippet Generator) means the default, {@value RolloutSpec#DEFAULT_PORT}. */
    @DataBoundSetter
    public void setPort(Integer port) {
        this.port = port;
    }

    public Object getEnv() {
        return env;
    }

    /** A map of environment variables for the candidate's container, e.g. {@code [JAVA_OPTS: '-Xmx512m']}. */
    @DataBoundSetter
    public void setEnv(Object env) {
        this.env = env;
    }

    public String getScaleDownDelay() {
        return scaleDownDelay;
    }

    /**
     * Only the slot strategies keep the previous slot (or an aborted candidate) warm, so only their steps expose the
     * {@code scaleDownDelay} and {@code abortScaleDownDelay} setters: a rolling update neither offers nor binds them.
     */
    protected final void scaleDownDelay(Object duration) {
        this.scaleDownDelay = StepMaps.duration(duration);
    }

    public String getAbortScaleDownDelay() {
        return abortScaleDownDelay;
    }

    protected final void abortScaleDownDelay(Object duration) {
        this.abortScaleDownDelay = StepMaps.duration(duration);
    }

    public String getProgressDeadline() {
        return progressDeadline;
    }

    /** A duration such as {@code 10m}, or a whole number of seconds. */
    @DataBoundSetter
    public void setProgressDeadline(Object progressDeadline) {
        this.progressDeadline = StepMaps.duration(progressDeadline);
    }

    public String getApprovers() {
        return approvers;
    }

    /** Comma-separated users or groups who may roll this release back from the build page (default: anyone with Build). */
    @DataBoundSetter
    public void setApprovers(String approvers) {
        this.approvers = DeliveryCluster.blankToNull(approvers);
    }

    public String getRouter() {
        return router;
    }

    /** How traffic is split: {@code auto} (default, chosen from the cluster) or a {@link RouterKind} label. */
    @DataBoundSetter
    public void setRouter(String router) {
        this.router = DeliveryCluster.blankToNull(router);
    }

    /** Only the slot strategies bake (the previous slot stays warm), so only their steps expose a {@code bake} setter. */
    protected final String bake() {
        return bake;
    }

    protected final void bake(Object duration) {
        this.bake = StepMaps.duration(duration);
    }

    /** The execution that rolls the image out with {@code strategy} and succeeds when it is promoted. */
    protected StepExecution rollout(StepContext context, AppLocation where, String identity, String verb, StrategySpec strategy) {
        // Pipeline passes a block only to steps whose descriptor takes one (openmaruCanary, openmaruBlueGreen)
        boolean hasBlock = context.hasBody();
        RolloutSpec spec = spec(where, BlockGates.apply(strategy, hasBlock));
        return new DeliveryExecution(context, where, identity, verb, approvers, EnumSet.of(RolloutPhase.PROMOTED),
                (engine, app) -> engine.start(spec, Actor.of(identity)), hasBlock ? new PipelineBlock(context) : null);
    }

    private RolloutSpec spec(AppLocation where, StrategySpec strategy) {
        return RolloutSpec.builder(where.namespace(), where.app().app(), image)
                .strategy(strategy)
                .replicas(replicas)
                .port(port == null ? RolloutSpec.DEFAULT_PORT : port)
                .env(envMap())
                .scaleDownDelay(scaleDownDelay == null ? null : Durations.parse("scaleDownDelay", scaleDownDelay))
                .abortScaleDownDelay(abortScaleDownDelay == null ? null : Durations.parse("abortScaleDownDelay", abortScaleDownDelay))
                .progressDeadline(progressDeadline == null ? null : Durations.parse("progressDeadline", progressDeadline))
                .router(RouterKind.parse(router))
                .bake(bake == null ? null : Durations.parse("bake", bake))
                .build();
    }

    private Map<String, String> envMap() {
        if (env == null) {
            return Map.of();
        }
        if (!(env instanceof Map<?, ?> m)) {
            throw new ValidationException("env", env, "a map of variable names to values, e.g. [JAVA_OPTS: '-Xmx512m']");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }

    /** Descriptors of the slot strategies' steps, whose form chooses the traffic router. */
    public abstract static class SlotRolloutDescriptor extends DeliveryStepDescriptor {
        /** The router drop-down: automatic first (submitted blank, so an untouched form adds nothing), then each router. */
        public ListBoxModel doFillRouterItems() {
            ListBoxModel items = new ListBoxModel();
            items.add(RouterKind.AUTO + ": chosen from what exists in the cluster", "");
            for (RouterKind k : RouterKind.values()) {
                items.add(k.label() + ": " + k.title(), k.label());
            }
            return items;
        }
    }
}
