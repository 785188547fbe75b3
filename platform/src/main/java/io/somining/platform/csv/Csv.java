package io.somining.platform.csv;

import java.util.Arrays;
import java.util.stream.Collectors;

/** CSV rows (RFC 4180) for every service's downloads: fields quoted when they hold a comma, a quote or a line break; null is empty. */
public final class Csv {

    private Csv() {
    }

    public static String row(Object... fields) {
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
