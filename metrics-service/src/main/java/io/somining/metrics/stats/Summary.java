package io.somining.metrics.stats;

import java.util.ArrayList;
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
        return of(SortedSample.ofOwned(values.clone()));
    }

    /**
     * Reads only the order statistics it needs (about twenty values, and the first outliers), so a
     * sample that answers ranks cheaply is summarized without being read whole.
     */
    public static Summary of(SortedSample x) {
        long n = x.size();
        if (n == 0) {
            return null;
        }
        double[] five = fivenum(x);
        double coef = 1.5 * (five[3] - five[1]);
        double lowerFence = five[1] - coef;
        double upperFence = five[3] + coef;
        // the hinges lie within the fences, so both whiskers exist
        long belowLower = x.countBelow(lowerFence, false);
        long upToUpper = x.countBelow(upperFence, true);
        List<Double> outliers = new ArrayList<>();
        for (long rank = 0; rank < belowLower && outliers.size() < OUTLIERS_LISTED; rank++) {
            outliers.add(x.at(rank));
        }
        for (long rank = upToUpper; rank < n && outliers.size() < OUTLIERS_LISTED; rank++) {
            outliers.add(x.at(rank));
        }
        return new Summary(Math.toIntExact(n), x.sum() / n, x.at(0), quantile7(x, 0.25), quantile7(x, 0.5),
                quantile7(x, 0.75), x.at(n - 1),
                new BoxStats(x.at(belowLower), five[1], five[2], five[3], x.at(upToUpper - 1)),
                Math.toIntExact(belowLower + n - upToUpper), List.copyOf(outliers));
    }

    /** R's {@code quantile(x, p, type = 7)} of sorted values: linear interpolation between order statistics. */
    public static double quantile7(SortedSample sorted, double p) {
        double h = (sorted.size() - 1) * p;
        long lo = (long) Math.floor(h);
        long hi = (long) Math.ceil(h);
        double low = sorted.at(lo);
        return low + (h - lo) * (sorted.at(hi) - low);
    }

    /** R's {@code fivenum(x)} of sorted values: minimum, lower hinge, median, upper hinge, maximum. */
    public static double[] fivenum(SortedSample sorted) {
        long n = sorted.size();
        double n4 = Math.floor((n + 3) / 2.0) / 2.0;
        double[] d = { 1, n4, (n + 1) / 2.0, n + 1 - n4, n };
        double[] result = new double[5];
        for (int i = 0; i < 5; i++) {
            result[i] = 0.5 * (sorted.at((long) Math.floor(d[i]) - 1) + sorted.at((long) Math.ceil(d[i]) - 1));
        }
        return result;
    }
}
