package io.jenkins.plugins.openmaru.jenkins;

import hudson.Extension;
import io.jenkins.plugins.openmaru.model.DrillSpec;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code openmaruRollbackDrill(app: 'shop', maxTimeToRestore: '1m', environment: 'prod', reportDir: 'drills')}:
 * rolls the app back to its previous release, verifies it, rolls forward again, measures each restore and
 * writes the reports (see docs/drills.md). Returns the result as a Map; fails when the drill failed or was aborted.
 */
public final class RollbackDrillStep extends DeliveryStep {
    private Integer toRevision;
    private String maxTimeToRestore;
    private List<String> gates = List.of();
    private boolean rollForward = true;
    private String environment;
    private boolean dryRun;
    private String timeout;
    private String reportDir;

    @DataBoundConstructor
    public RollbackDrillStep(String app) {
        super(app);
    }

    public Integer getToRevision() {
        return toRevision;
    }

    @DataBoundSetter
    public void setToRevision(Integer toRevision) {
        this.toRevision = toRevision;
    }

    public String getMaxTimeToRestore() {
        return maxTimeToRestore;
    }

    /** A duration such as {@code 2m}, or a whole number of seconds. */
    @DataBoundSetter
    public void setMaxTimeToRestore(Object maxTimeToRestore) {
        this.maxTimeToRestore = StepMaps.duration(maxTimeToRestore);
    }

    public List<String> getGates() {
        return gates;
    }

    @DataBoundSetter
    public void setGates(List<String> gates) {
        this.gates = gates == null ? List.of() : new ArrayList<>(gates);
    }

    public boolean isRollForward() {
        return rollForward;
    }

    @DataBoundSetter
    public void setRollForward(boolean rollForward) {
        this.rollForward = rollForward;
    }

    public String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = DeliveryCluster.blankToNull(environment);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public String getTimeout() {
        return timeout;
    }

    /** A duration such as {@code 2m}, or a whole number of seconds. */
    @DataBoundSetter
    public void setTimeout(Object timeout) {
        this.timeout = StepMaps.duration(timeout);
    }

    public String getReportDir() {
        return reportDir;
    }

    @DataBoundSetter
    public void setReportDir(String reportDir) {
        this.reportDir = DeliveryCluster.blankToNull(reportDir);
    }

    /** The drill as validated values; a bad argument fails the step before anything is written. */
    DrillSpec spec(AppLocation where) {
        return DrillSpec.builder(where.app().namespace(), where.app().app()).toRevision(toRevision).maxTimeToRestore(maxTimeToRestore)
                .gates(gates).rollForward(rollForward).environment(environment).dryRun(dryRun).timeout(timeout).build();
    }

    @Override
    protected StepExecution execution(StepContext context, AppLocation where, String identity) {
        spec(where);
        return new RollbackDrillExecution(context, where, identity, this);
    }

    @Extension
    @Symbol("openmaruRollbackDrill")
    public static final class DescriptorImpl extends DeliveryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "openmaruRollbackDrill";
        }

        @Override
        public String getDisplayName() {
            return "Rollback drill: roll back, verify, roll forward, measure (OPENMARU Delivery)";
        }
    }
}
