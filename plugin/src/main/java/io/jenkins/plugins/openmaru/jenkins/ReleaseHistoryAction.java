package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * "Release History" on a job whose recent builds drove rollouts: each app's releases read live from the
 * cluster, newest first, with a Rollback button per release that can serve again and a JSON view
 * ({@code release-history/json}). Added on each view by {@link ReleaseHistoryFactory}, never saved;
 * it holds only its job, and opens a cluster connection per request.
 */
public final class ReleaseHistoryAction implements Action {
    public static final String URL_NAME = "release-history";

    private final Job<?, ?> job;

    ReleaseHistoryAction(Job<?, ?> job) {
        this.job = job;
    }

    public Job<?, ?> getJob() {
        return job;
    }

    @Override
    public String getIconFileName() {
        return "symbol-time-outline plugin-ionicons-api";
    }

    @Override
    public String getDisplayName() {
        return "Release History";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    /** Each app the job's recent builds drove, with its history read from the cluster just now. */
    public List<AppView> getApps() {
        job.checkPermission(Item.READ);
        List<AppView> views = new ArrayList<>();
        for (DrivenApps.DrivenApp a : DrivenApps.of(job)) {
            views.add(AppView.read(a.target(), a.run()));
        }
        return views;
    }

    /** {@code GET release-history/json}: the same as the page, for scripts. */
    public void doJson(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.getFullName());
        body.put("apps", getApps().stream().map(AppView::historyMap).toList());
        JsonView.send(rsp, body);
    }

    /**
     * Makes the release {@code toRevision} of the app {@code target} serve again, with the same checks as
     * the build page's Rollback: Build on the job, the approvers of the newest step that drove the app, a comment.
     */
    @RequirePOST
    public HttpResponse doRollback(StaplerRequest2 req) {
        HttpResponse notPost = Decisions.requirePost(req, Decision.ROLLBACK);
        if (notPost != null) {
            return notPost;
        }
        String key = req.getParameter("target");
        DrivenApps.DrivenApp app = DrivenApps.of(job).stream().filter(a -> a.target().getKey().equals(key)).findFirst().orElse(null);
        if (app == null) {
            return HttpResponses.errorWithoutStack(404, "the recent builds of " + job.getFullName() + " drove no rollout of " + key);
        }
        String toRevision = req.getParameter("toRevision");
        if (toRevision == null || toRevision.isBlank()) {
            return HttpResponses.errorWithoutStack(400, "toRevision is required: the revision of the release to serve again");
        }
        return Decisions.decide(req, job, app.run(), app.target(), Decision.ROLLBACK);
    }
}
