package io.jenkins.plugins.openmaru.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.openmaru.jenkins.FakeBuild.FakeJob;
import io.jenkins.plugins.openmaru.jenkins.FakeBuild.FreestyleJob;
import org.junit.jupiter.api.Test;

/**
 * Jenkins asks the factory on every {@code getAllActions()} of every job: a job page view must not read
 * build records it read before, and a job of another type than Pipeline none at all.
 */
class ReleaseHistoryFactoryTest {
    final ReleaseHistoryFactory factory = new ReleaseHistoryFactory();

    private static DeliveryTarget target(String build) {
        return new DeliveryTarget("sim", "shop", "shop", "jenkins:" + build, 1, null);
    }

    @Test
    void aJobOfAnotherTypeThanPipelineGetsNoReleaseHistoryAndNoBuildIsRead() {
        FreestyleJob freestyle = new FreestyleJob("freestyle");

        assertThat(factory.createFor(freestyle)).isEmpty();
        assertThat(freestyle.buildReads).hasValue(0);
    }

    @Test
    void aPipelineJobsBuildsAreReadOnceUntilItStartsAnotherBuild() throws Exception {
        FakeJob nightly = new FakeJob("nightly");
        for (int n = 1; n <= DrivenApps.RECENT_BUILDS + 5; n++) {
            new FakeBuild(nightly, n);
        }

        assertThat(factory.createFor(nightly)).isEmpty();
        int firstLook = nightly.buildReads.get();
        assertThat(factory.createFor(nightly)).isEmpty();
        assertThat(new ReleaseHistoryFactory().createFor(nightly)).isEmpty();

        assertThat(firstLook).as("the recent builds were read").isEqualTo(DrivenApps.RECENT_BUILDS);
        assertThat(nightly.buildReads).as("the second and third views read no build").hasValue(firstLook);

        DeliveryAction.track(new FakeBuild(nightly, DrivenApps.RECENT_BUILDS + 6), target("nightly#31"));
        assertThat(factory.createFor(nightly)).hasSize(1);
        int afterRollout = nightly.buildReads.get();
        assertThat(factory.createFor(nightly)).hasSize(1);
        assertThat(nightly.buildReads).hasValue(afterRollout);
    }

    @Test
    void aRolloutByTheRunningBuildShowsTheReleaseHistoryAtOnce() throws Exception {
        FakeJob deploy = new FakeJob("deploy");
        FakeBuild running = new FakeBuild(deploy, 1);
        assertThat(factory.createFor(deploy)).as("viewed before its step drove a rollout").isEmpty();

        DeliveryAction.track(running, target("deploy#1"));

        assertThat(factory.createFor(deploy)).singleElement().isInstanceOf(ReleaseHistoryAction.class);
    }
}
