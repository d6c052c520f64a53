package io.jenkins.plugins.openmaru.fidelity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.AccessDeniedException3;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/** The few stub bodies that forward as the real ones do behave so, because step tests rely on them. */
class StubBehaviourTest {
    private final AccessControlled job = () -> ACL.lambda2((user, permission) -> permission == Item.BUILD);

    @AfterEach
    void clearAuthentication() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void permissionChecksAskTheAclForTheCurrentUser() {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("alice", "pw"));

        job.checkPermission(Item.BUILD);
        assertThat(job.hasPermission(Item.CANCEL)).isFalse();
        assertThatThrownBy(() -> job.checkPermission(Item.CANCEL))
                .isInstanceOf(AccessDeniedException3.class)
                .hasMessage("alice is missing the Cancel permission");
    }

    @Test
    void withoutAuthenticationTheUserIsAnonymousAndSystemMayDoAnything() {
        assertThat(Jenkins.getAuthentication2()).isSameAs(Jenkins.ANONYMOUS2);
        assertThatThrownBy(() -> job.checkPermission(Item.CANCEL)).hasMessage("anonymous is missing the Cancel permission");

        SecurityContextHolder.getContext().setAuthentication(ACL.SYSTEM2);
        job.checkPermission(Item.CANCEL);
    }
}
