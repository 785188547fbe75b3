package io.somining.metrics.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * The Kaplan-Meier estimate of a survival curve, as R's {@code survival::survfit(Surv(time, event) ~ 1)}
 * computes it by default: Greenwood's variance, 95 % confidence limits on the log scale
 * ({@code conf.type = "log"}), and the median with its confidence interval read where the curve and
 * its limits first reach 0.5.
 */
public record KaplanMeier(int subjects, int events, List<Step> curve, Double median, Double medianLow,
        Double medianHigh) {

    private static final double Z95 = NormalDistribution.of(0, 1).inverseCumulativeProbability(0.975);

    /**
     * The curve after the events at {@code time}: at risk just before it, events at it, survival and its limits
     * (null where R has NA: at survival 0, or once the variance is infinite).
     */
    public record Step(double time, int atRisk, int events, double survival, Double lower, Double upper) {
    }

    /**
     * @param times  time of the event, or of censoring
     * @param events true where the event happened at that time, false where the subject was censored
     */
    public static KaplanMeier of(double[] times, boolean[] events) {
        int n = times.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(times[a], times[b]));
        List<Step> curve = new ArrayList<>();
        double survival = 1;
        double greenwood = 0;
        int atRisk = n;
        int totalEvents = 0;
        int i = 0;
        while (i < n) {
            double time = times[order[i]];
            int died = 0;
            int leaving = 0;
            while (i < n && times[order[i]] == time) {
                if (events[order[i]]) {
                    died++;
                }
                leaving++;
                i++;
            }
            if (died > 0) {
                survival *= 1 - (double) died / atRisk;
                greenwood += atRisk == died ? Double.POSITIVE_INFINITY : (double) died / ((double) atRisk * (atRisk - died));
                double se = Math.sqrt(greenwood);
                boolean undefined = survival == 0 || Double.isInfinite(se);
                Double lower = undefined ? null : Math.exp(Math.log(survival) - Z95 * se);
                Double upper = undefined ? null : Math.min(1, Math.exp(Math.log(survival) + Z95 * se));
                curve.add(new Step(time, atRisk, died, survival, lower, upper));
                totalEvents += died;
            }
            atRisk -= leaving;
        }
        // the lower limit curve reaches 0.5 first: where it does is the median's lower limit
        return new KaplanMeier(n, totalEvents, List.copyOf(curve), crossing(curve, Step::survival),
                crossing(curve, Step::lower), crossing(curve, Step::upper));
    }

    /**
     * The first time the given curve is at or below 0.5; where it is exactly 0.5 up to the next step,
     * the midpoint of the two times (R's rule); null if it never gets there.
     */
    private static Double crossing(List<Step> curve, java.util.function.Function<Step, Double> value) {
        for (int k = 0; k < curve.size(); k++) {
            Double v = value.apply(curve.get(k));
            if (v == null) {
                continue;
            }
            if (Math.abs(v - 0.5) < 1e-12 && k + 1 < curve.size()) {
                return (curve.get(k).time() + curve.get(k + 1).time()) / 2;
            }
            if (v <= 0.5) {
                return curve.get(k).time();
            }
        }
        return null;
    }
}
