package io.somining.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as the report prints them: whole numbers plainly, others to at most four decimals. */
final class Numbers {

    private Numbers() {
    }

    static String format(Double value) {
        if (value == null) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf(value.longValue());
        }
        if (Math.abs(value) < 1e-4) {
            return String.format(java.util.Locale.ROOT, "%.4g", value);
        }
        return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
