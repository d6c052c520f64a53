package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Item;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * "Progressive Delivery" on a build that drove a rollout: the live state of each app it rolled out,
 * read from the cluster on every view, with Promote, Abort and Rollback buttons and a JSON view for
 * scripts ({@code progressive-delivery/json}). Persists only {@link DeliveryTarget}s.
 */
public final class DeliveryAction implements RunAction2 {
    public static final String URL_NAME = "progressive-delivery";

    private final List<DeliveryTarget> targets = new ArrayList<>();
    private transient Run<?, ?> run;

    DeliveryAction(Run<?, ?> run) {
        this.run = run;
    }

    /** Records that {@code run} drives {@code target}, adding the action to the run when it has none yet. */
    static void track(Run<?, ?> run, DeliveryTarget target) {
        synchronized (run) {
            DeliveryAction a = run.getAction(DeliveryAction.class);
            if (a == null) {
                a = new DeliveryAction(run);
                run.addAction(a);
            }
            a.add(target);
        }
        RolloutJobs.forget(run.getParent());
    }

    private synchronized void add(DeliveryTarget t) {
        targets.removeIf(x -> x.getKey().equals(t.getKey()) && x.getRevision() == t.getRevision());
        targets.add(t);
    }

    public synchronized List<DeliveryTarget> getTargets() {
        return List.copyOf(targets);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "symbol-rocket-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Progressive Delivery";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** The live state of every app, for the page; an unreachable cluster shows as an error, not a broken page. */
    public List<AppView> getApps() {
        run.checkPermission(Item.READ);
        List<AppView> views = new ArrayList<>();
        for (DeliveryTarget t : getTargets()) {
            views.add(AppView.read(t, run));
        }
        return views;
    }

    /** {@code GET progressive-delivery/json}: the same as the page, for scripts. */
    public void doJson(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonView.send(rsp, Map.of("apps", getApps().stream().map(AppView::toMap).toList()));
    }

    @RequirePOST
    public HttpResponse doPromote(StaplerRequest2 req) {
        return decide(req, Decision.PROMOTE);
    }

    @RequirePOST
    public HttpResponse doAbort(StaplerRequest2 req) {
        return decide(req, Decision.ABORT);
    }

    @RequirePOST
    public HttpResponse doRollback(StaplerRequest2 req) {
        return decide(req, Decision.ROLLBACK);
    }

    private HttpResponse decide(StaplerRequest2 req, Decision decision) {
        HttpResponse notPost = Decisions.requirePost(req, decision);
        if (notPost != null) {
            return notPost;
        }
        String key = req.getParameter("target");
        DeliveryTarget target = getTargets().stream().filter(t -> t.getKey().equals(key)).reduce((a, b) -> b).orElse(null);
        if (target == null) {
            return HttpResponses.errorWithoutStack(404, "this build drove no rollout " + key + "; it drove " + getTargets());
        }
        return Decisions.decide(req, run, run, target, decision);
    }
}
