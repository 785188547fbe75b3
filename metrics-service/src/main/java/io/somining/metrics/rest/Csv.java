package io.somining.metrics.rest;

import java.util.Arrays;
import java.util.stream.Collectors;

/** CSV rows (RFC 4180): fields quoted when they hold a comma, a quote or a line break; null is empty. */
final class Csv {

    private Csv() {
    }

    static String row(Object... fields) {
        return Arrays.stream(fields).map(Csv::field).collect(Collectors.joining(",")) + "\n";
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
