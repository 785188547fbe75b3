package io.somining.taxonomy.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden values of issue 7 (computed with R) and the paper's sample sizes. */
class AgreementGoldenTest {

    @Test
    void shouldComputeCohensKappaAsR() {
        // a = x x y y z z x y z x, b = x y y y z x x y z z: kappa 0.552238806
        List<String> a = List.of("x", "x", "y", "y", "z", "z", "x", "y", "z", "x");
        List<String> b = List.of("x", "y", "y", "y", "z", "x", "x", "y", "z", "z");

        CohenKappa kappa = CohenKappa.of(a, b);

        assertThat(kappa.kappa()).isCloseTo(0.552238806, within(1e-9));
        assertThat(kappa.observed()).isCloseTo(0.7, within(1e-12));
        assertThat(kappa.expected()).isCloseTo(0.33, within(1e-12));
        assertThat(kappa.low()).isLessThan(kappa.kappa());
        assertThat(kappa.high()).isGreaterThan(kappa.kappa());
        assertThat(kappa.perCategory()).containsOnlyKeys("x", "y", "z");
        // y against the rest: a = 0011000100, b = 0111000100 -> po 0.9, pe 0.3*0.4 + 0.7*0.6 = 0.54, kappa 0.36/0.46
        assertThat(kappa.perCategory().get("y")).isCloseTo(0.36 / 0.46, within(1e-12));
    }

    @Test
    void shouldAnswerNoKappaWhenItIsUndefined() {
        assertThat(CohenKappa.of(List.of(), List.of())).isNull();
        assertThat(CohenKappa.of(List.of("x", "x"), List.of("x", "x"))).isNull();
        // one category for both raters, whatever the count: 1/n summed n times is not 1 for 10 items
        for (int items : new int[] {3, 10, 100, 1000}) {
            assertThat(CohenKappa.of(java.util.Collections.nCopies(items, "x"), java.util.Collections.nCopies(items, "x")))
                    .as("%d items of one category", items).isNull();
        }
        assertThatThrownBy(() -> CohenKappa.of(List.of("x"), List.of("x", "y")))
                .hasMessageContaining("1 and 2 items");
    }

    @Test
    void shouldAnswerExactlyZeroAndOneWithoutFloatNoise() {
        // perfect agreement on two categories: po = 1, kappa = 1; agreement exactly at chance: kappa = 0
        List<String> ten = new java.util.ArrayList<>(java.util.Collections.nCopies(7, "x"));
        ten.addAll(java.util.Collections.nCopies(3, "y"));
        assertThat(CohenKappa.of(ten, ten).kappa()).isEqualTo(1.0);
        // a = x x y y, b = x y x y: po = 1/2, pe = 1/2 * 1/2 + 1/2 * 1/2 = 1/2
        assertThat(CohenKappa.of(List.of("x", "x", "y", "y"), List.of("x", "y", "x", "y")).kappa()).isEqualTo(0.0);
    }

    @Test
    void shouldReproduceThePapersSampleSizes() {
        // 95 % confidence, 5 % margin, p = 0.5: the paper's 297 of 1,325 and 307 of 1,533
        SampleSize server = SampleSize.of(1325, 0.95, 0.05, 0.5);
        SampleSize mobile = SampleSize.of(1533, 0.95, 0.05, 0.5);

        assertThat(server.exact()).isCloseTo(297.98, within(0.005));
        assertThat(server.truncated()).isEqualTo(297);
        assertThat(server.roundedUp()).isEqualTo(298);
        assertThat(mobile.exact()).isCloseTo(307.33, within(0.005));
        assertThat(mobile.truncated()).isEqualTo(307);
        assertThat(mobile.roundedUp()).isEqualTo(308);
        assertThat(server.infinitePopulation()).isCloseTo(384.15, within(0.01));
        assertThatThrownBy(() -> SampleSize.of(0, 0.95, 0.05, 0.5)).hasMessageContaining("population");
        // a margin so small that Cochran's n0 overflows: refused, not a NaN sample of 0
        assertThatThrownBy(() -> SampleSize.of(100, 0.95, 4.9e-324, 0.5)).hasMessageStartingWith("margin: 4.9E-324");
    }
}
