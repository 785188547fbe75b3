package io.somining.metrics.stats;

/** Binary searches over ascending values and over running counts, for samples read by rank. */
public final class Ranks {

    private Ranks() {
    }

    /** How many of the ascending {@code values} are below {@code bound}, or at most it when {@code inclusive}. */
    public static int countBelow(double[] values, double bound, boolean inclusive) {
        int low = 0;
        int high = values.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (values[middle] < bound || (inclusive && values[middle] == bound)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * The entry that holds a 0-based rank: the first whose running count ({@code upTo}, ascending,
     * the values up to and including each entry) exceeds it.
     */
    public static int holding(long[] upTo, long rank) {
        int low = 0;
        int high = upTo.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (upTo[middle] > rank) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}
