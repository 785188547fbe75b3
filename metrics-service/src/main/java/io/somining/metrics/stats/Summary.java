package io.somining.metrics.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Descriptive statistics of a sample as R computes them: quantiles of type 7 (R's default for
 * {@code quantile()}), and {@code boxplot.stats()} (Tukey's hinges from {@code fivenum()}, whiskers at
 * the most extreme values within 1.5 times the hinge spread, the rest outliers).
 *
 * @param outliers the outliers in ascending order, at most {@link #OUTLIERS_LISTED} of them
 */
public record Summary(int count, double mean, double min, double q1, double median, double q3, double max,
        BoxStats box, int outlierCount, List<Double> outliers) {

    public static final int OUTLIERS_LISTED = 1000;

    /** R's {@code boxplot.stats(x)$stats}: lower whisker, lower hinge, median, upper hinge, upper whisker. */
    public record BoxStats(double lowerWhisker, double lowerHinge, double median, double upperHinge, double upperWhisker) {
    }

    /** Answers null for an empty sample: there is nothing to summarize. */
    public static Summary of(double[] values) {
        return ofOwned(values.clone());
    }

    /**
     * As {@link #of}, sorting the caller's array in place instead of a copy: a set's response times
     * may be millions of values, and a second copy of them may not fit the heap.
     */
    public static Summary ofOwned(double[] values) {
        if (values.length == 0) {
            return null;
        }
        double[] x = values;
        Arrays.sort(x);
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double[] five = fivenum(x);
        double coef = 1.5 * (five[3] - five[1]);
        double lowerFence = five[1] - coef;
        double upperFence = five[3] + coef;
        double lowerWhisker = Double.NaN;
        double upperWhisker = Double.NaN;
        List<Double> outliers = new ArrayList<>();
        int outlierCount = 0;
        for (double v : x) {
            if (v < lowerFence || v > upperFence) {
                outlierCount++;
                if (outliers.size() < OUTLIERS_LISTED) {
                    outliers.add(v);
                }
            } else {
                if (Double.isNaN(lowerWhisker)) {
                    lowerWhisker = v;
                }
                upperWhisker = v;
            }
        }
        return new Summary(x.length, sum / x.length, x[0], quantile7(x, 0.25), quantile7(x, 0.5), quantile7(x, 0.75),
                x[x.length - 1], new BoxStats(lowerWhisker, five[1], five[2], five[3], upperWhisker), outlierCount,
                List.copyOf(outliers));
    }

    /** R's {@code quantile(x, p, type = 7)} of sorted values: linear interpolation between order statistics. */
    public static double quantile7(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = (int) Math.ceil(h);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** R's {@code fivenum(x)} of sorted values: minimum, lower hinge, median, upper hinge, maximum. */
    public static double[] fivenum(double[] sorted) {
        int n = sorted.length;
        double n4 = Math.floor((n + 3) / 2.0) / 2.0;
        double[] d = { 1, n4, (n + 1) / 2.0, n + 1 - n4, n };
        double[] result = new double[5];
        for (int i = 0; i < 5; i++) {
            result[i] = 0.5 * (sorted[(int) Math.floor(d[i]) - 1] + sorted[(int) Math.ceil(d[i]) - 1]);
        }
        return result;
    }
}
