package io.somining.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void shouldCompareAtThePrecisionThePaperPrinted() {
        assertThat(Verdict.of(70.7, "70.7", null, 70.66).kind()).isEqualTo(Verdict.Kind.MATCHES);
        assertThat(Verdict.of(70.7, "70.7", null, 70.64).kind()).isEqualTo(Verdict.Kind.DIFFERS);
        assertThat(Verdict.of(70.7, "70.7", null, 70.64).detail()).isEqualTo("by -0.1");
        assertThat(Verdict.of(3023, "3,023", null, 3018).kind()).isEqualTo(Verdict.Kind.DIFFERS);
        assertThat(Verdict.of(3023, "3,023", null, 3023).kind()).isEqualTo(Verdict.Kind.MATCHES);
        // truncation is not taken for rounding: 24/124 = 19.35 % is no 19.2 %, nor is 297.98 a 297
        assertThat(Verdict.of(19.2, "19.2", null, 100.0 * 24 / 124).kind()).isEqualTo(Verdict.Kind.DIFFERS);
        assertThat(Verdict.of(297, "297", null, 297.98).kind()).isEqualTo(Verdict.Kind.DIFFERS);
    }

    @Test
    void shouldReadStatedBounds() {
        assertThat(Verdict.of(300, "300", "more than", 305.0).kind()).isEqualTo(Verdict.Kind.MATCHES);
        assertThat(Verdict.of(300, "300", "more than", 300.0).kind()).isEqualTo(Verdict.Kind.DIFFERS);
        assertThat(Verdict.of(2.2e-16, "2.2e-16", "<", 6.3e-19).kind()).isEqualTo(Verdict.Kind.MATCHES);
        assertThat(Verdict.of(600, "600", "below", 612.0).kind()).isEqualTo(Verdict.Kind.DIFFERS);
        // "about 3 times" with 404.9 / 145.8 = 2.777: rounds to 3
        assertThat(Verdict.of(3, "3", "about", 404.9 / 145.8).kind()).isEqualTo(Verdict.Kind.MATCHES);
    }

    @Test
    void shouldTakeThePrecisionFromThePrintedNumber() {
        assertThat(Verdict.decimals("70.7")).isEqualTo(1);
        assertThat(Verdict.decimals("3,023")).isZero();
        assertThat(Verdict.decimals("78.153")).isEqualTo(3);
        assertThat(Verdict.decimals("2.2e-16")).isEqualTo(17);
    }
}
