package io.jenkins.plugins.openmaru.jenkins;

import hudson.model.Run;
import hudson.security.AccessControlled;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.openmaru.engine.EngineException;
import io.jenkins.plugins.openmaru.engine.LeaseHeldException;
import io.jenkins.plugins.openmaru.engine.Progress;
import io.jenkins.plugins.openmaru.engine.RolloutDriver;
import io.jenkins.plugins.openmaru.engine.RolloutEngine;
import io.jenkins.plugins.openmaru.model.Actor;
import io.jenkins.plugins.openmaru.model.AppRef;
import io.jenkins.plugins.openmaru.model.DeliveryState;
import io.jenkins.plugins.openmaru.model.Release;
import io.jenkins.plugins.openmaru.model.Rollout;
import io.jenkins.plugins.openmaru.model.RolloutEvent;
import io.jenkins.plugins.openmaru.model.ValidationException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.StaplerRequest2;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Carries out Promote, Abort and Rollback clicks: POST only, the permission on the job, the approvers
 * list for rollback, a comment, then one engine call recorded in the cluster with the user and comment.
 * Clicks on one app are serialized here and checked against the state the page showed, so of two
 * clicks exactly one acts and the other is told what already happened.
 */
final class Decisions {
    private static final Logger LOG = Logger.getLogger(Decisions.class.getName());
    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private Decisions() {}

    /**
     * @param scope what the permission is checked on (the run, or the job for the history view)
     * @param run the run whose credentials reach the cluster
     */
    static HttpResponse decide(StaplerRequest2 req, AccessControlled scope, Run<?, ?> run, DeliveryTarget target, Decision decision) {
        HttpResponse notPost = requirePost(req, decision);
        if (notPost != null) {
            return notPost;
        }
        scope.checkPermission(decision.permission());
        Authentication user = Jenkins.getAuthentication2();
        if (decision == Decision.ROLLBACK && !mayRollBack(user, scope, target)) {
            return HttpResponses.errorWithoutStack(403, user.getName() + " may not roll back " + target.getApp() + "; allowed: "
                    + target.approverList());
        }
        String comment = req.getParameter("comment");
        if (comment == null || comment.isBlank()) {
            return HttpResponses.errorWithoutStack(400, "a comment is required: say why you " + decision.verb() + " " + target.getApp());
        }
        Integer toRevision;
        Integer expectedServing;
        try {
            toRevision = integer("toRevision", req.getParameter("toRevision"));
            expectedServing = integer("servingRevision", req.getParameter("servingRevision"));
        } catch (ValidationException e) {
            return HttpResponses.errorWithoutStack(400, e.getMessage());
        }
        Actor actor = new Actor(user.getName(), comment.trim());
        Object lock = LOCKS.computeIfAbsent(target.location().toString(), k -> new Object());
        synchronized (lock) {
            ClusterConnection c = null;
            boolean driving = false;
            try {
                c = DeliveryConfiguration.get().connect(target.location(), run);
                RolloutEngine engine = c.engine("jenkins-ui:" + user.getName());
                AppRef app = target.location().app();
                String stale = staleness(engine.status(app), target, decision, expectedServing);
                if (stale != null) {
                    return HttpResponses.errorWithoutStack(409, stale);
                }
                Progress p = switch (decision) {
                    case PROMOTE -> engine.promote(app, actor);
                    case ABORT -> engine.abort(app, actor);
                    case ROLLBACK -> engine.rollback(app, toRevision, actor);
                };
                LOG.info(() -> user.getName() + " chose to " + decision.verb() + " " + target.location() + ": " + actor.comment());
                if (p.done()) {
                    ScaleDowns.schedule(target.location(), run, p.state());
                } else {
                    driving = true;
                    driveInBackground(c, engine, run, target.location(), decision);
                }
                return HttpResponses.redirectToDot();
            } catch (EngineException | ValidationException e) {
                return HttpResponses.errorWithoutStack(409, e.getMessage());
            } catch (KubernetesClientException e) {
                // fabric8's message names the request and the server's answer, never the credential
                return HttpResponses.errorWithoutStack(502, "cannot " + decision.verb() + " " + target.getApp() + ": cluster "
                        + target.getCluster() + " did not answer as expected: " + e.getMessage());
            } finally {
                if (!driving && c != null) {
                    c.close();
                }
            }
        }
    }

    /** Stapler's {@code @RequirePOST} refuses other verbs too; this keeps the refusal when called directly. */
    static HttpResponse requirePost(StaplerRequest2 req, Decision decision) {
        return "POST".equals(req.getMethod()) ? null
                : HttpResponses.errorWithoutStack(405, decision.verb() + " needs a POST request (use the button on the page)");
    }

    /** Why the click no longer applies (someone else already decided), or null. */
    static String staleness(DeliveryState s, DeliveryTarget target, Decision decision, Integer expectedServing) {
        Rollout r = s.rollout();
        if (decision == Decision.ROLLBACK) {
            if (r != null && r.isRollback() && s.inProgress()) {
                return "a rollback of " + target.getApp() + " to revision " + r.rollbackTo() + " is already under way (" + lastDecision(r)
                        + "); wait for it to finish";
            }
            Integer serving = s.serving().map(Release::revision).orElse(null);
            if (expectedServing != null && !expectedServing.equals(serving) && !s.inProgress()) {
                return target.getApp() + " changed since the page was shown: revision " + serving + " serves now"
                        + (r == null ? "" : " (" + lastDecision(r) + ")") + "; reload the page and decide again";
            }
            return null;
        }
        if (r == null || r.revision() != target.getRevision()) {
            return "this build's rollout (revision " + target.getRevision() + ") of " + target.getApp() + " is over; revision "
                    + (r == null ? "none" : r.revision()) + " is the latest";
        }
        if (r.phase().terminal()) {
            return target.getApp() + " revision " + r.revision() + " is already " + r.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " (" + lastDecision(r) + ")";
        }
        return null;
    }

    private static String lastDecision(Rollout r) {
        List<RolloutEvent> events = r.events();
        if (events.isEmpty()) {
            return r.message();
        }
        RolloutEvent e = events.get(events.size() - 1);
        return e.action() + " by " + e.actor() + " at " + e.at() + (e.comment().isEmpty() ? "" : ": " + e.comment());
    }

    /** Anyone with Build when no approvers are listed; otherwise a listed user or group, or an administrator. */
    static boolean mayRollBack(Authentication user, AccessControlled scope, DeliveryTarget target) {
        List<String> approvers = target.approverList();
        if (approvers.isEmpty() || approvers.contains(user.getName())) {
            return true;
        }
        for (GrantedAuthority a : user.getAuthorities()) {
            if (approvers.contains(a.getAuthority())) {
                return true;
            }
        }
        return scope.hasPermission(Jenkins.ADMINISTER);
    }

    /**
     * A rollback outside the warm window waits for the old slot to scale up, a promote during a rescale for the
     * candidate: someone must finish it. When the pipeline's own driver holds the lease, that driver does.
     */
    private static void driveInBackground(ClusterConnection c, RolloutEngine engine, Run<?, ?> run, AppLocation where, Decision decision) {
        AppRef app = where.app();
        new RolloutDriver(engine, DeliveryExecutor.get()).drive(app, p -> { }).done().whenComplete((p, e) -> {
            c.close();
            if (p != null) {
                ScaleDowns.schedule(where, run, p.state());
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof LeaseHeldException) {
                LOG.fine(() -> "the " + decision.verb() + " of " + app + " is finished by the lease holder: " + cause.getMessage());
            } else if (cause != null) {
                LOG.warning("the " + decision.verb() + " of " + app + " did not finish: " + cause.getMessage());
            }
        });
    }

    private static Integer integer(String field, String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(field, s, "a revision number");
        }
    }
}
