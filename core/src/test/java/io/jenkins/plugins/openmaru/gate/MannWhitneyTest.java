package io.jenkins.plugins.openmaru.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values: the statistic by hand from the ranks, the p-values from R's
 * {@code wilcox.test(x, y, exact = FALSE, correct = TRUE)}, equal to SciPy's
 * {@code mannwhitneyu(x, y, method="asymptotic")}.
 */
class MannWhitneyTest {

    @Test
    void smallSampleWithoutTies() {
        // ranks of x among all nine values: 3+5+7+8+9 = 32, so U = 32 - 5*6/2 = 17
        MannWhitney r = MannWhitney.test(new double[] {19, 22, 16, 29, 24}, new double[] {20, 11, 17, 12});
        assertThat(r.u()).isEqualTo(17.0);
        assertThat(r.z()).isCloseTo((17 - 10 - 0.5) / Math.sqrt(5 * 4 * 10 / 12.0), within(1e-12));
        assertThat(r.p()).isCloseTo(0.11134688653314041, within(1e-6));
    }

    @Test
    void tiesShrinkTheVariance() {
        MannWhitney r = MannWhitney.test(new double[] {1, 2, 2, 3, 3, 3, 4, 5}, new double[] {3, 4, 4, 5, 5, 6, 7, 7, 8});
        assertThat(r.u()).isEqualTo(7.5);
        assertThat(r.z()).isNegative();
        assertThat(r.p()).isCloseTo(0.006373133838085873, within(1e-6));
    }

    @Test
    void largerSamples() {
        MannWhitney r = MannWhitney.test(
                new double[] {1.1, 2.2, 3.3, 4.4, 5.5, 6.6, 7.7, 8.8, 9.9, 10.1, 11.2, 12.3},
                new double[] {5.0, 6.1, 7.2, 8.3, 9.4, 10.5, 11.6, 12.7, 13.8, 14.9, 15.0, 16.1, 17.2});
        assertThat(r.u()).isEqualTo(33.0);
        assertThat(r.p()).isCloseTo(0.01549999333528876, within(1e-6));
    }

    @Test
    void symmetricAndDegenerateCases() {
        double[] x = {19, 22, 16, 29, 24};
        double[] y = {20, 11, 17, 12};
        assertThat(MannWhitney.test(y, x).p()).isCloseTo(MannWhitney.test(x, y).p(), within(1e-12));
        assertThat(MannWhitney.test(y, x).z()).isCloseTo(-MannWhitney.test(x, y).z(), within(1e-12));
        MannWhitney same = MannWhitney.test(new double[] {3, 3, 3}, new double[] {3, 3});
        assertThat(same.p()).isEqualTo(1.0);
        assertThat(same.z()).isZero();
    }

    @Test
    void normalTail() {
        assertThat(MannWhitney.upperTail(0)).isCloseTo(0.5, within(1e-7));
        assertThat(MannWhitney.upperTail(1.959963985)).isCloseTo(0.025, within(1e-7));
        assertThat(MannWhitney.upperTail(3)).isCloseTo(0.0013498980316301, within(1e-8));
    }
}
