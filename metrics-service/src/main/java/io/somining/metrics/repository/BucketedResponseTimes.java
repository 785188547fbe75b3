package io.somining.metrics.repository;

import io.somining.metrics.stats.Ranks;
import io.somining.metrics.stats.SortedSample;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set's response times as a {@link SortedSample} read from the database: the histogram kept by
 * V6__response_histogram.sql gives the size, the sum and where each rank falls; a rank's value comes
 * from its bucket alone (a few thousand values, read once through an index, ties counted by the database). Summarizing
 * eleven million times reads about ten buckets. Reads through the caller's connection, whose
 * transaction must see one snapshot (repeatable read), so histogram and buckets agree.
 */
final class BucketedResponseTimes implements SortedSample {

    private static final String HISTOGRAM = """
            SELECT bucket, sum(questions), sum(minutes_sum) FROM set_response_histogram
            WHERE study_id = ? AND set_id = ? AND (?::text IS NULL OR site = ?)
            GROUP BY bucket HAVING sum(questions) > 0 ORDER BY bucket
            """;

    // distinct values with their multiplicity: ties (times counted in whole minutes) cost one row each
    private static final String BUCKET = """
            SELECT response_minutes, count(*) FROM set_question
            WHERE study_id = ? AND set_id = ? AND response_bucket = ? AND (?::text IS NULL OR site = ?)
            GROUP BY response_minutes ORDER BY response_minutes
            """;

    private final Connection connection;
    private final String studyId;
    private final String setId;
    private final String site;
    private final int[] buckets;
    /** Values in the buckets up to and including each one. */
    private final long[] cumulative;
    private final double sum;
    private final Map<Integer, Bucket> read = new HashMap<>();

    private BucketedResponseTimes(Connection connection, String studyId, String setId, String site, int[] buckets,
            long[] cumulative, double sum) {
        this.connection = connection;
        this.studyId = studyId;
        this.setId = setId;
        this.site = site;
        this.buckets = buckets;
        this.cumulative = cumulative;
        this.sum = sum;
    }

    /** @param site one site, or null for every site */
    static BucketedResponseTimes read(Connection connection, String studyId, String setId, String site)
            throws SQLException {
        int[] buckets = new int[64];
        long[] cumulative = new long[64];
        int count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        try (PreparedStatement select = connection.prepareStatement(HISTOGRAM)) {
            select.setString(1, studyId);
            select.setString(2, setId);
            select.setString(3, site);
            select.setString(4, site);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (count == buckets.length) {
                        buckets = Arrays.copyOf(buckets, count * 2);
                        cumulative = Arrays.copyOf(cumulative, count * 2);
                    }
                    buckets[count] = rows.getInt(1);
                    cumulative[count] = rows.getLong(2) + (count == 0 ? 0 : cumulative[count - 1]);
                    sum = sum.add(rows.getBigDecimal(3));
                    count++;
                }
            }
        }
        return new BucketedResponseTimes(connection, studyId, setId, site, Arrays.copyOf(buckets, count),
                Arrays.copyOf(cumulative, count), sum.doubleValue());
    }

    @Override
    public long size() {
        return buckets.length == 0 ? 0 : cumulative[buckets.length - 1];
    }

    @Override
    public double sum() {
        return sum;
    }

    @Override
    public double at(long rank) {
        if (rank < 0 || rank >= size()) {
            throw new IndexOutOfBoundsException("rank " + rank + " of " + size());
        }
        int holding = Ranks.holding(cumulative, rank);
        return bucket(holding).at(rank - before(holding));
    }

    @Override
    public long countBelow(double bound, boolean inclusive) {
        int bucket = bucketOf(bound);
        int index = Arrays.binarySearch(buckets, bucket);
        if (index < 0) {
            // no value shares the bound's bucket: every value before the insertion point is below it
            return before(-index - 1);
        }
        return before(index) + bucket(index).countBelow(bound, inclusive);
    }

    private long before(int index) {
        return index == 0 ? 0 : cumulative[index - 1];
    }

    /** The bucket a bound falls in, by the database's own function, so values and bounds agree. */
    private int bucketOf(double minutes) {
        try (PreparedStatement select = connection.prepareStatement("SELECT metrics_response_bucket(?)")) {
            select.setDouble(1, minutes);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot place " + minutes + " minutes in a bucket", e);
        }
    }

    private Bucket bucket(int index) {
        return read.computeIfAbsent(index, i -> {
            long expected = cumulative[i] - before(i);
            List<Double> values = new ArrayList<>();
            List<Long> upTo = new ArrayList<>();
            long found = 0;
            try (PreparedStatement select = connection.prepareStatement(BUCKET)) {
                select.setString(1, studyId);
                select.setString(2, setId);
                select.setInt(3, buckets[i]);
                select.setString(4, site);
                select.setString(5, site);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found += rows.getLong(2);
                        values.add(rows.getDouble(1));
                        upTo.add(found);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the response times of " + studyId + "/" + setId, e);
            }
            if (found != expected) {
                throw new IllegalStateException("the response-time histogram of " + studyId + "/" + setId + " counts "
                        + expected + " values in bucket " + buckets[i] + ", the questions hold " + found);
            }
            return new Bucket(values.stream().mapToDouble(Double::doubleValue).toArray(),
                    upTo.stream().mapToLong(Long::longValue).toArray());
        });
    }

    /** One bucket's distinct values in ascending order, and how many values lie up to each. */
    private record Bucket(double[] values, long[] upTo) {

        double at(long rank) {
            return values[Ranks.holding(upTo, rank)];
        }

        long countBelow(double bound, boolean inclusive) {
            int below = Ranks.countBelow(values, bound, inclusive);
            return below == 0 ? 0 : upTo[below - 1];
        }
    }
}
