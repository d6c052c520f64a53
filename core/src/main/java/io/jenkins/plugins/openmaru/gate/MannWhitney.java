package io.jenkins.plugins.openmaru.gate;

import java.util.Arrays;

/**
 * The two-sided Mann–Whitney U test, normal approximation with tie correction and continuity
 * correction (as R's {@code wilcox.test(correct = TRUE)} and SciPy's {@code mannwhitneyu(method="asymptotic")}).
 *
 * @param u the U statistic of the first sample: how often one of its values beats one of the second's
 * @param z the standardised U of the first sample; positive when the first sample tends to be larger
 * @param p the two-sided p-value
 */
record MannWhitney(double u, double z, double p) {

    static MannWhitney test(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        int n = n1 + n2;
        double[][] all = new double[n][];
        for (int i = 0; i < n; i++) {
            all[i] = new double[] {i < n1 ? x[i] : y[i - n1], i < n1 ? 0 : 1};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double rankSumX = 0;
        double tieTerm = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[j + 1][0] == all[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            int t = j - i + 1;
            tieTerm += (double) t * t * t - t;
            for (int k = i; k <= j; k++) {
                if (all[k][1] == 0) {
                    rankSumX += rank;
                }
            }
            i = j + 1;
        }
        double u = rankSumX - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2.0;
        double variance = n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            return new MannWhitney(u, 0, 1);
        }
        double diff = u - mean;
        double corrected = Math.max(0, Math.abs(diff) - 0.5);
        double z = Math.signum(diff) * corrected / Math.sqrt(variance);
        return new MannWhitney(u, z, Math.min(1, 2 * upperTail(Math.abs(z))));
    }

    /** P(Z > z) for a standard normal Z. */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' Chebyshev fit; relative error below 1.2e-7). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
