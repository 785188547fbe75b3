package io.somining.metrics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Values computed with R 4.2 (given in issue 6); every statistic the service reports must equal them. */
class RGoldenTest {

    private static final Offset<Double> R_PRINTED = within(5e-7);

    @Test
    void shouldMatchPropTestWithAndWithoutYatesCorrection() {
        // prop.test(c(15,25), c(50,50)): X-squared = 3.375, df = 1, p-value = 0.06619258
        ProportionTest corrected = ProportionTest.of(15, 50, 25, 50, true);
        assertThat(corrected.statistic()).isCloseTo(3.375, R_PRINTED);
        assertThat(corrected.df()).isEqualTo(1);
        assertThat(corrected.pValue()).isCloseTo(0.06619258, within(5e-9));

        // prop.test(c(15,25), c(50,50), correct = FALSE): X-squared = 4.166667, p-value = 0.04122683
        ProportionTest plain = ProportionTest.of(15, 50, 25, 50, false);
        assertThat(plain.statistic()).isCloseTo(4.166667, R_PRINTED);
        assertThat(plain.pValue()).isCloseTo(0.04122683, within(5e-9));
    }

    @Test
    void shouldMatchPropTestOnLargeAndOnSmallCounts() {
        // prop.test(c(490,400), c(500,500)): X-squared = 80.909091, p-value = 2.363439e-19
        ProportionTest large = ProportionTest.of(490, 500, 400, 500, true);
        assertThat(large.statistic()).isCloseTo(80.909091, R_PRINTED);
        assertThat(large.pValue()).isCloseTo(2.363439e-19, within(5e-26));
        assertThat(large.warning()).isNull();

        // prop.test(c(1,3), c(10,12)): X-squared = 0.124769, p-value = 0.7239191 (the correction capped by |p1 - p2|)
        ProportionTest small = ProportionTest.of(1, 10, 3, 12, true);
        assertThat(small.statistic()).isCloseTo(0.124769, R_PRINTED);
        assertThat(small.pValue()).isCloseTo(0.7239191, within(5e-8));
        // R warns: expected successes 10 * 4/22 = 1.8 and 12 * 4/22 = 2.2 are below 5
        assertThat(small.warning()).isEqualTo("Chi-squared approximation may be incorrect");
    }

    @Test
    void shouldAnswerNoTestForAnEmptyGroupOrAllSuccesses() {
        assertThat(ProportionTest.of(0, 0, 3, 10, true)).isNull();
        assertThat(ProportionTest.of(10, 10, 12, 12, true)).isNull();
    }

    @Test
    void shouldMatchBoxplotStatsAndQuantiles() {
        // x = c(13.5, 311.7, 1428.0, 293.3, 1042.3, 201.9, 3.1, 60.0)
        double[] x = { 13.5, 311.7, 1428.0, 293.3, 1042.3, 201.9, 3.1, 60.0 };

        // when
        Summary summary = Summary.of(x);

        // then: boxplot.stats(x)$stats = 3.1, 36.75, 247.6, 677, 1428
        assertThat(summary.box().lowerWhisker()).isCloseTo(3.1, within(1e-9));
        assertThat(summary.box().lowerHinge()).isCloseTo(36.75, within(1e-9));
        assertThat(summary.box().median()).isCloseTo(247.6, within(1e-9));
        assertThat(summary.box().upperHinge()).isCloseTo(677, within(1e-9));
        assertThat(summary.box().upperWhisker()).isCloseTo(1428, within(1e-9));
        assertThat(summary.outlierCount()).isZero();
        // quantile(x, c(.25,.5,.75)) = 48.375, 247.6, 494.35
        assertThat(summary.q1()).isCloseTo(48.375, within(1e-9));
        assertThat(summary.median()).isCloseTo(247.6, within(1e-9));
        assertThat(summary.q3()).isCloseTo(494.35, within(1e-9));
        assertThat(summary.mean()).isCloseTo(419.225, within(1e-9));
    }

    @Test
    void shouldListOutliersBeyondTheWhiskers() {
        // fivenum(c(1,2,3,4,100)) = 1, 2, 3, 4, 100: fences at 0.5 and 5.5, so 100 is an outlier
        Summary summary = Summary.of(new double[] { 100, 1, 2, 3, 4 });
        assertThat(summary.box().upperWhisker()).isEqualTo(4);
        assertThat(summary.outlierCount()).isEqualTo(1);
        assertThat(summary.outliers()).containsExactly(100.0);
        assertThat(Summary.of(new double[0])).isNull();
    }

    @Test
    void shouldEstimateSurvivalLikeSurvfit() {
        // given: times 1,2,3,4,5 with the question at 3 censored
        double[] times = { 1, 2, 3, 4, 5 };
        boolean[] events = { true, true, false, true, true };

        // when
        KaplanMeier km = KaplanMeier.of(times, events);

        // then: S = 4/5 at 1, 3/5 at 2, (3/5)(1/2) = 0.3 at 4, 0 at 5 (hand-computed, as survfit prints)
        assertThat(km.curve()).extracting(KaplanMeier.Step::time).containsExactly(1.0, 2.0, 4.0, 5.0);
        assertThat(km.curve()).extracting(KaplanMeier.Step::survival)
                .usingElementComparator((a, b) -> Math.abs(a - b) < 1e-12 ? 0 : Double.compare(a, b))
                .containsExactly(0.8, 0.6, 0.3, 0.0);
        assertThat(km.curve().get(2).atRisk()).isEqualTo(2);
        // Greenwood at 2: sqrt(1/(5*4) + 1/(4*3)) = 0.3651484 on the log scale; lower = 0.6 * exp(-1.959964 * 0.3651484)
        assertThat(km.curve().get(1).lower()).isCloseTo(0.6 * Math.exp(-1.959963985 * 0.3651484), within(1e-6));
        assertThat(km.median()).isEqualTo(4.0);
        // at 5 survival is 0: R's limits are NA there, not a number
        assertThat(km.curve().get(3).lower()).isNull();
        assertThat(km.curve().get(3).upper()).isNull();
        // the median's interval where the limit curves reach 0.5: the lower one at 2 (0.6 exp(-1.96 * 0.365) = 0.293,
        // after 0.8 exp(-1.96 * 0.224) = 0.516 at 1); the upper one never does (NA), as survfit prints
        assertThat(km.medianLow()).isEqualTo(2.0);
        assertThat(km.medianHigh()).isNull();
        assertThat(km.events()).isEqualTo(4);
    }
}
