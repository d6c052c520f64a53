package io.jenkins.plugins.openmaru.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The waves of a rolling update, with Kubernetes' rounding of maxSurge and maxUnavailable. */
class RollingWavesTest {

    @ParameterizedTest
    @CsvSource({"25%,25%,1,1,0", "25%,25%,4,1,1", "25%,25%,10,3,2", "1,0,5,1,0", "0%,0%,3,0,1", "100%,0,3,3,0"})
    void percentagesRoundSurgeUpAndUnavailableDown(String surge, String unavailable, int replicas, int pods, int down) {
        assertThat(RollingWaves.resolve(surge, unavailable, replicas)).containsExactly(pods, down);
    }

    @Test
    void oneReplicaWithTheDefaultsStartsTheNewPodBeforeStoppingTheOld() {
        assertThat(RollingWaves.of(1, 1, 1, 0)).containsExactly(new RollingWaves.Wave(1, 0, 1, 1), new RollingWaves.Wave(0, 1, 0, 1));
    }

    @Test
    void neverMoreThanReplicasPlusSurgePodsNorFewerThanReplicasMinusUnavailableAvailable() {
        for (int replicas = 1; replicas <= 12; replicas++) {
            for (int surge = 0; surge <= 3; surge++) {
                for (int unavailable = surge == 0 ? 1 : 0; unavailable <= 3; unavailable++) {
                    List<RollingWaves.Wave> waves = RollingWaves.of(replicas, replicas, surge, unavailable);
                    int readyNew = 0;
                    for (RollingWaves.Wave w : waves) {
                        assertThat(w.oldPods() + w.newPods()).isLessThanOrEqualTo(replicas + surge);
                        assertThat(w.oldPods() + readyNew).isGreaterThanOrEqualTo(Math.max(0, replicas - unavailable));
                        readyNew = w.newPods();
                    }
                    RollingWaves.Wave last = waves.get(waves.size() - 1);
                    assertThat(last.newPods()).isEqualTo(replicas);
                    assertThat(last.oldPods()).isZero();
                    assertThat(last.weight()).isEqualTo(100);
                }
            }
        }
    }

    @Test
    void aFirstDeploymentIsOneWaveOfNewPods() {
        assertThat(RollingWaves.of(0, 3, 1, 0)).containsExactly(new RollingWaves.Wave(3, 0, 0, 3));
    }
}
