package io.somining.metrics.stats;

import java.util.Arrays;

/**
 * A sample seen in ascending order, through the few questions its descriptive statistics ask: its
 * size and sum, the value at a rank, and how many values lie below a bound. A sample in memory
 * answers from a sorted array; a set's response times in the database answer from a histogram and
 * the one bucket a question falls in, without reading the whole sample.
 */
public interface SortedSample {

    long size();

    /** The sum of the values, for the mean. */
    double sum();

    /** The value at a 0-based rank in ascending order. */
    double at(long rank);

    /** How many values are below {@code bound}, or at most it when {@code inclusive}. */
    long countBelow(double bound, boolean inclusive);

    /** A sample held in memory; sorts the caller's array in place (a set may hold millions of values). */
    static SortedSample ofOwned(double[] values) {
        Arrays.sort(values);
        return new SortedSample() {
            @Override
            public long size() {
                return values.length;
            }

            @Override
            public double sum() {
                double sum = 0;
                for (double v : values) {
                    sum += v;
                }
                return sum;
            }

            @Override
            public double at(long rank) {
                return values[Math.toIntExact(rank)];
            }

            @Override
            public long countBelow(double bound, boolean inclusive) {
                return Ranks.countBelow(values, bound, inclusive);
            }
        };
    }
}
