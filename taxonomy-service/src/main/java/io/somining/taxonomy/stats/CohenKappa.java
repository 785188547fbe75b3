package io.somining.taxonomy.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Cohen's kappa for two raters who each put the same items into one category: observed agreement
 * against the agreement their marginal shares would give by chance, (po − pe) / (1 − pe); with the
 * large-sample standard error of Fleiss, Cohen and Everitt (1969), as R's psych::cohen.kappa reports
 * it, and a 95 % interval.
 *
 * @param perCategory each category against the rest (a 2 × 2 kappa), for the categories either rater used
 */
public record CohenKappa(int items, double observed, double expected, double kappa, double standardError,
        double low, double high, Map<String, Double> perCategory) {

    private static final double Z95 = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);

    /** Answers null when there is nothing to compare or kappa is undefined (both raters used one and the same category). */
    public static CohenKappa of(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("the raters labeled " + a.size() + " and " + b.size() + " items");
        }
        CohenKappa overall = compute(a, b);
        if (overall == null) {
            return null;
        }
        Map<String, Double> perCategory = new LinkedHashMap<>();
        for (String category : new TreeSet<>(concat(a, b))) {
            CohenKappa one = compute(a.stream().map(x -> x.equals(category) ? "yes" : "no").toList(),
                    b.stream().map(x -> x.equals(category) ? "yes" : "no").toList());
            perCategory.put(category, one == null ? null : one.kappa());
        }
        return new CohenKappa(overall.items, overall.observed, overall.expected, overall.kappa, overall.standardError,
                overall.low, overall.high, perCategory);
    }

    /**
     * From whole counts: agreement and chance agreement as exact integer sums, so that kappa is undefined exactly
     * when chance agreement is 1 (one category for both raters) and 0 or 1 come out as 0 or 1, not as what
     * summing n fractions of 1/n leaves (0.9999999999999999 made 10 items of one category a kappa of 0.5).
     */
    private static CohenKappa compute(List<String> a, List<String> b) {
        int n = a.size();
        if (n == 0) {
            return null;
        }
        List<String> categories = new ArrayList<>(new TreeSet<>(concat(a, b)));
        int k = categories.size();
        long[][] counts = new long[k][k];
        for (int i = 0; i < n; i++) {
            counts[categories.indexOf(a.get(i))][categories.indexOf(b.get(i))]++;
        }
        long[] rowCounts = new long[k];
        long[] columnCounts = new long[k];
        long agreeing = 0;
        for (int i = 0; i < k; i++) {
            agreeing += counts[i][i];
            for (int j = 0; j < k; j++) {
                rowCounts[i] += counts[i][j];
                columnCounts[j] += counts[i][j];
            }
        }
        long chance = 0;
        for (int i = 0; i < k; i++) {
            chance += rowCounts[i] * columnCounts[i];
        }
        long all = (long) n * n;
        if (chance == all) {
            return null;
        }
        double observed = (double) agreeing / n;
        double expected = (double) chance / all;
        double kappa = (double) ((long) n * agreeing - chance) / (all - chance);
        double[][] p = new double[k][k];
        double[] rows = new double[k];
        double[] columns = new double[k];
        for (int i = 0; i < k; i++) {
            rows[i] = (double) rowCounts[i] / n;
            columns[i] = (double) columnCounts[i] / n;
            for (int j = 0; j < k; j++) {
                p[i][j] = (double) counts[i][j] / n;
            }
        }
        // Fleiss, Cohen & Everitt (1969), Psychological Bulletin 72(5), 323-327
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += p[i][i] * Math.pow(1 - (rows[i] + columns[i]) * (1 - kappa), 2);
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    sum += Math.pow(1 - kappa, 2) * p[i][j] * Math.pow(columns[i] + rows[j], 2);
                }
            }
        }
        sum -= Math.pow(kappa - expected * (1 - kappa), 2);
        double se = Math.sqrt(Math.max(0, sum) / (n * Math.pow(1 - expected, 2)));
        return new CohenKappa(n, observed, expected, kappa, se, Math.max(-1, kappa - Z95 * se),
                Math.min(1, kappa + Z95 * se), Map.of());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
