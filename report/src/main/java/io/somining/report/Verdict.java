package io.somining.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Whether a computed value is the published one: equal once rounded half-up as the paper printed it
 * (its decimals), or on the right side of a bound the paper states ("more than", "below", "<").
 */
public record Verdict(Kind kind, String detail) {

    public enum Kind {
        /** Equal at the paper's precision, or within its stated bound. */
        MATCHES("matches"),
        /** Not equal at the paper's precision. */
        DIFFERS("differs"),
        /** Not computable from what was released (the reason says why). */
        NOT_COMPUTABLE("not computable"),
        /** A parameter of the method, not a result. */
        PARAMETER("parameter"),
        /** Not a figure of this study (cited from another paper, or a description in words). */
        NOT_A_RESULT("not a result");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * @param valueText the value as printed ("70.7", "3,023", "2.2e-16"): its decimals are the precision
     * @param qualifier null, or "more than", "below", "<", "about" (read as rounding)
     */
    public static Verdict of(double published, String valueText, String qualifier, double computed) {
        if (qualifier != null) {
            switch (qualifier) {
                case "more than" -> {
                    return computed > published ? new Verdict(Kind.MATCHES, "more than " + valueText)
                            : new Verdict(Kind.DIFFERS, "not more than " + valueText);
                }
                case "below", "<" -> {
                    return computed < published ? new Verdict(Kind.MATCHES, "below " + valueText)
                            : new Verdict(Kind.DIFFERS, "not below " + valueText);
                }
                default -> {
                    // "about": read as the rounding of the printed value
                }
            }
        }
        int decimals = decimals(valueText);
        BigDecimal printed = BigDecimal.valueOf(published).setScale(decimals, RoundingMode.HALF_UP);
        BigDecimal rounded = BigDecimal.valueOf(computed).setScale(decimals, RoundingMode.HALF_UP);
        if (rounded.compareTo(printed) == 0) {
            return new Verdict(Kind.MATCHES, decimals == 0 ? "" : "at " + decimals + " decimal(s)");
        }
        // no leniency for truncation: where a paper truncates (sample sizes), the plan asks for the truncated value
        return new Verdict(Kind.DIFFERS, "by " + rounded.subtract(printed).toPlainString());
    }

    /** The decimals a printed number shows: "70.7" 1, "3,023" 0, "2.2e-16" as many as its exponent implies. */
    static int decimals(String valueText) {
        String text = valueText.replace(",", "").trim();
        int exponent = 0;
        int e = text.toLowerCase().indexOf('e');
        if (e >= 0) {
            exponent = Integer.parseInt(text.substring(e + 1));
            text = text.substring(0, e);
        }
        int dot = text.indexOf('.');
        int shown = dot < 0 ? 0 : text.length() - dot - 1;
        return Math.max(0, shown - exponent);
    }
}
