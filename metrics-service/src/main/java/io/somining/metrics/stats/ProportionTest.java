package io.somining.metrics.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * R's {@code prop.test(c(x1, x2), c(n1, n2))}: Pearson's chi-squared test of equal proportions, with
 * Yates' continuity correction by default (as R: the correction never exceeds |p1 - p2| / (1/n1 + 1/n2)),
 * one degree of freedom, the p-value from Apache Commons Statistics, and the 95 % confidence interval
 * of p1 - p2 as R reports it.
 *
 * @param warning R's warning where an expected count is below 5 ("Chi-squared approximation may be incorrect"),
 *                else null
 */
public record ProportionTest(long x1, long n1, long x2, long n2, double p1, double p2, boolean corrected,
        double statistic, int df, double pValue, double confLow, double confHigh, String warning) {

    /** R's words, for the same condition: some expected count below 5. */
    public static final String SMALL_EXPECTED = "Chi-squared approximation may be incorrect";

    private static final double Z95 = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);

    /**
     * Answers null when the test is undefined: an empty group, or every (or no) question a success,
     * where R answers NaN with a warning.
     */
    public static ProportionTest of(long x1, long n1, long x2, long n2, boolean correct) {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            return null;
        }
        double p = (double) (x1 + x2) / (n1 + n2);
        if (p == 0 || p == 1) {
            return null;
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double delta = p1 - p2;
        double inverseSum = 1.0 / n1 + 1.0 / n2;
        double yates = correct ? Math.min(0.5, Math.abs(delta) / inverseSum) : 0;
        double statistic = 0;
        boolean smallExpected = false;
        long[] x = { x1, x2 };
        long[] n = { n1, n2 };
        for (int i = 0; i < 2; i++) {
            double expectedSuccess = n[i] * p;
            double expectedFailure = n[i] * (1 - p);
            smallExpected |= expectedSuccess < 5 || expectedFailure < 5;
            statistic += square(Math.abs(x[i] - expectedSuccess) - yates) / expectedSuccess;
            statistic += square(Math.abs((n[i] - x[i]) - expectedFailure) - yates) / expectedFailure;
        }
        double pValue = ChiSquaredDistribution.of(1).survivalProbability(statistic);
        double width = Z95 * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2) + yates * inverseSum;
        return new ProportionTest(x1, n1, x2, n2, p1, p2, correct, statistic, 1, pValue,
                Math.max(-1, delta - width), Math.min(1, delta + width), smallExpected ? SMALL_EXPECTED : null);
    }

    private static double square(double v) {
        return v * v;
    }
}
