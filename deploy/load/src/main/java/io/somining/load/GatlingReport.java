package io.somining.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The per-request figures of a Gatling report ({@code index.html}): Gatling 3.14 writes them into the page's
 * statistics table only (no JSON any more). Columns are found by their headings, not by position, so that a
 * reordered table fails loudly instead of giving wrong numbers.
 */
final class GatlingReport {

    /** One request name's figures over the run; times in milliseconds. */
    record Row(String name, long total, long ok, long ko, long p50, long p99, long max) {
    }

    /** One error message and how often it occurred. */
    record Error(String message, long count) {
    }

    private final List<Row> rows;
    private final List<Error> errors;

    GatlingReport(List<Row> rows, List<Error> errors) {
        this.rows = rows;
        this.errors = errors;
    }

    List<Row> rows() {
        return rows;
    }

    List<Error> errors() {
        return errors;
    }

    static GatlingReport read(Path index) {
        Document page;
        try {
            page = Jsoup.parse(Files.readString(index));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Gatling's report " + index + ": " + e.getMessage(), e);
        }
        Map<String, String> columns = new HashMap<>();
        for (Element heading : page.select("#container_statistics_head thead th[id^=col-]")) {
            columns.put(heading.text().trim(), heading.id());
        }
        List<Row> rows = new ArrayList<>();
        for (Element row : page.select("#container_statistics_body tr")) {
            Element name = row.selectFirst(".ellipsed-name");
            if (name == null) {
                continue;
            }
            rows.add(new Row(name.text(), cell(row, columns, "Total", index), cell(row, columns, "OK", index),
                    cell(row, columns, "KO", index), cell(row, columns, "50th pct", index),
                    cell(row, columns, "99th pct", index), cell(row, columns, "Max", index)));
        }
        List<Error> errors = new ArrayList<>();
        for (Element row : page.select("#container_errors tbody tr")) {
            List<Element> cells = row.select("td");
            if (cells.size() >= 2) {
                errors.add(new Error(cells.get(0).ownText().trim(), Long.parseLong(cells.get(1).text().replace(",", "").trim())));
            }
        }
        return new GatlingReport(List.copyOf(rows), List.copyOf(errors));
    }

    private static long cell(Element row, Map<String, String> columns, String heading, Path index) {
        String column = columns.get(heading);
        if (column == null) {
            throw new IllegalStateException("Gatling's report " + index + " has no column '" + heading
                    + "' in its statistics table (columns: " + columns.keySet() + ")");
        }
        Element cell = row.selectFirst("td." + column);
        String text = cell == null ? "-" : cell.text().trim();
        // a request that never succeeded has "-" for its times
        return text.equals("-") || text.isEmpty() ? -1 : Math.round(Double.parseDouble(text.replace(",", "")));
    }
}
