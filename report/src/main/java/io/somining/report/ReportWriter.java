package io.somining.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report as {@code index.html} (one page that opens from disk: no script, no network, the
 * charts inline as images), {@code report.md} (the same tables, diffable between runs) and one CSV
 * per table.
 */
public final class ReportWriter {

    private static final List<String> FIGURE_HEADER = List.of("id", "section", "quantity", "published", "released result files",
            "artifact's sets", "rules", "from the paper's figures", "verdict", "detail", "cause", "note");

    /** A Stack Overflow question id in a cause's text (the years and counts there have fewer digits). */
    private static final java.util.regex.Pattern QUESTION_ID = java.util.regex.Pattern.compile("\\b(\\d{7,9})\\b");

    private ReportWriter() {
    }

    /** Writes the three forms into the folder (created when missing); answers the files written. */
    public static List<Path> write(Reproduction.Report report, Path folder) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            written.add(write(folder.resolve("figures.csv"), csv(FIGURE_HEADER, figureCells(report))));
            for (Reproduction.Table table : report.tables()) {
                written.add(write(folder.resolve(table.id() + ".csv"), csv(table.header(), table.rows())));
            }
            written.add(write(folder.resolve("report.md"), markdown(report)));
            written.add(write(folder.resolve("index.html"), html(report)));
        } catch (IOException e) {
            throw new ReportException("cannot write the report into " + folder + ": " + e.getMessage(), e);
        }
        return written;
    }

    private static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** How many figures got each verdict, in the order of the verdicts. */
    static Map<String, Integer> verdictCounts(Reproduction.Report report) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Verdict.Kind kind : Verdict.Kind.values()) {
            counts.put(kind.words(), 0);
        }
        report.figures().forEach(f -> counts.merge(f.verdict().kind().words(), 1, Integer::sum));
        return counts;
    }

    private static List<List<String>> figureCells(Reproduction.Report report) {
        List<List<String>> rows = new ArrayList<>();
        for (Reproduction.FigureRow f : report.figures()) {
            rows.add(List.of(f.id(), f.section(), f.quantity(), f.published(), Numbers.format(f.released()),
                    Numbers.format(f.artifact()), Numbers.format(f.rules()), Numbers.format(f.stated()),
                    f.verdict().kind().words(), f.verdict().detail(), nullToEmpty(f.cause()), nullToEmpty(f.note())));
        }
        return rows;
    }

    /** RFC 4180, with cells a spreadsheet would run as a formula neutralized (OWASP: a leading quote). */
    static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                out.append(i > 0 ? "," : "").append(csvCell(row.get(i)));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String csvCell(String cell) {
        String text = cell == null ? "" : cell;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** How the rules column counts its needsReview sets, as the method defines them: rules, then review. */
    private static String reviewedAfterRules(Reproduction.Report report) {
        String reviewed = report.columns().getOrDefault("rulesReviewed", "");
        return reviewed.isEmpty() ? "" : ", set " + reviewed + " counted by the candidates its relevance review kept";
    }

    static String markdown(Reproduction.Report report) {
        StringBuilder md = new StringBuilder();
        md.append("# Reproduction: ").append(report.title()).append("\n\n");
        md.append("Generated ").append(report.generatedAt()).append(" by `./suite reproduce ").append(report.study())
                .append("` through ").append(report.gateway()).append(". Columns: the published value; the authors' released "
                        + "result files; computed from the artifact's released sets (study `").append(report.columns().get("artifact"))
                .append("`); computed by the keyword rules (study `").append(report.columns().get("rules"))
                .append("`").append(reviewedAfterRules(report)).append("); recomputed from the paper's own figures. The verdict compares the first of artifact, "
                        + "paper's figures, released file, rules that has a value with the published value at the "
                        + "precision the paper printed.\n\n");
        md.append("Verdicts: ");
        List<String> counts = new ArrayList<>();
        verdictCounts(report).forEach((verdict, n) -> counts.add(n + " " + verdict));
        md.append(String.join(", ", counts)).append(".\n\n");
        md.append("## Published figures\n\n");
        List<List<String>> rows = new ArrayList<>();
        for (List<String> cells : figureCells(report)) {
            rows.add(List.of(cells.get(0), cells.get(3), cells.get(4), cells.get(5), cells.get(6), cells.get(7),
                    cells.get(8) + (cells.get(9).isEmpty() ? "" : " (" + cells.get(9) + ")"),
                    cells.get(10) + (cells.get(11).isEmpty() ? "" : (cells.get(10).isEmpty() ? "" : " ") + "Note: " + cells.get(11))));
        }
        markdownTable(md, List.of("figure", "published", "released", "artifact", "rules", "paper's figures", "verdict", "cause"), rows);
        for (Reproduction.Table table : report.tables()) {
            md.append("\n## ").append(table.title()).append("\n\n");
            markdownTable(md, table.header(), table.rows());
        }
        return md.toString();
    }

    private static void markdownTable(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header.stream().map(ReportWriter::mdCell).toList())).append(" |\n");
        md.append("|").append(" --- |".repeat(header.size())).append("\n");
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row.stream().map(ReportWriter::mdCell).toList())).append(" |\n");
        }
    }

    private static String mdCell(String cell) {
        return nullToEmpty(cell).replace("|", "\\|").replace("\n", " ");
    }

    static String html(Reproduction.Report report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">")
                .append("<title>Reproduction: ").append(escape(report.title())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:90em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:0.85em}")
                .append("th,td{border:1px solid #ccc;padding:0.25em 0.5em;vertical-align:top;text-align:left;max-width:32em;overflow-wrap:break-word}th{hyphens:none;overflow-wrap:normal}")
                .append("th{background:#f3f3f3;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".matches{background:#e7f6e7}.differs{background:#fde8e8}.not-computable,.parameter,.not-a-result{color:#666}")
                .append("figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-size:0.85em;color:#555}")
                .append("</style></head><body>\n");
        html.append("<h1>Reproduction: ").append(escape(report.title())).append("</h1>\n<p>Generated ")
                .append(escape(report.generatedAt().toString())).append(" by <code>./suite reproduce ").append(escape(report.study()))
                .append("</code> through ").append(escape(report.gateway())).append(". Verdicts: ");
        List<String> counts = new ArrayList<>();
        verdictCounts(report).forEach((verdict, n) -> counts.add(n + " " + verdict));
        html.append(escape(String.join(", ", counts))).append(".</p>\n");
        html.append("<p>Columns: the published value (as printed); the authors' released result files; computed from the "
                + "artifact's released sets (study <code>").append(escape(report.columns().get("artifact")))
                .append("</code>); computed by the keyword rules (study <code>").append(escape(report.columns().get("rules")))
                .append("</code>").append(escape(reviewedAfterRules(report))).append("); recomputed from the paper's own figures.</p>\n");
        for (Reproduction.Table table : report.tables()) {
            html.append("<h2>").append(escape(table.title())).append("</h2>\n");
            table.charts().forEach((study, svg) -> html.append("<figure><img alt=\"").append(escape(table.title() + ", " + study))
                    .append("\" src=\"data:image/svg+xml;base64,")
                    .append(Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)))
                    .append("\"><figcaption>").append(escape(study)).append("</figcaption></figure>\n"));
            htmlTable(html, table.header(), table.rows(), null, -1);
        }
        html.append("<h2>Published figures</h2>\n");
        List<String> verdicts = report.figures().stream().map(f -> f.verdict().kind().words().replace(' ', '-')).toList();
        List<List<String>> rows = new ArrayList<>();
        for (List<String> cells : figureCells(report)) {
            rows.add(List.of(cells.get(0), cells.get(2), cells.get(3), cells.get(4), cells.get(5), cells.get(6), cells.get(7),
                    cells.get(8) + (cells.get(9).isEmpty() ? "" : " (" + cells.get(9) + ")"),
                    cells.get(10) + (cells.get(11).isEmpty() ? "" : (cells.get(10).isEmpty() ? "" : " ") + "Note: " + cells.get(11))));
        }
        htmlTable(html, List.of("figure", "quantity", "published", "released", "artifact", "rules", "paper's figures", "verdict", "cause"),
                rows, verdicts, 8);
        html.append("</body></html>\n");
        return html.toString();
    }

    /** @param linkedColumn the column whose question ids (7 to 9 digits) link to Stack Overflow, -1 for none */
    private static void htmlTable(StringBuilder html, List<String> header, List<List<String>> rows, List<String> rowClasses,
            int linkedColumn) {
        html.append("<table><thead><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            html.append(rowClasses == null ? "<tr>" : "<tr class=\"" + rowClasses.get(r) + "\">");
            List<String> cells = rows.get(r);
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c);
                String text = escape(cell);
                if (c == linkedColumn) {
                    text = QUESTION_ID.matcher(text).replaceAll("<a href=\"https://stackoverflow.com/questions/$1\">$1</a>");
                }
                html.append(isNumber(nullToEmpty(cell)) ? "<td class=\"n\">" : "<td>").append(text).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    static String escape(String text) {
        return nullToEmpty(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
