package io.somining.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's published figures recomputed through the suite's API, each beside the published value,
 * with a verdict; and the tables and charts the paper's figures show. What to compute for which
 * figure is data: the study's replication plan (docs/reproduction.md).
 */
public final class Reproduction {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lists of a published-figures file, in the order the report shows them. */
    private static final List<String> LISTS = List.of("figures", "figure5_labels", "spelled_out_quantities", "cited_comparisons");

    /** One published figure and what the report found for it. */
    public record FigureRow(String id, String list, String section, String quantity, String quote, String published,
            Double released, Double artifact, Double rules, Double stated, Verdict verdict, String cause, String note) {
    }

    /** A table of the report (and its charts, one per study column, as SVG). */
    public record Table(String id, String title, List<String> header, List<List<String>> rows, Map<String, String> charts) {
    }

    /** The whole report. */
    public record Report(String study, String title, String gateway, Instant generatedAt, Map<String, String> columns,
            List<FigureRow> figures, List<Table> tables) {
    }

    private final Gateway gateway;
    private final Path planFile;
    private final JsonNode plan;
    private final JsonNode published;
    private final Evaluator evaluator;
    private final String artifactStudy;
    private final String rulesStudy;
    /** The sets the rules column counts by their reviewed members, as the method defines them: rules, then review. */
    private final List<String> rulesReviewed;

    public Reproduction(Gateway gateway, Path planFile) {
        this.gateway = gateway;
        this.planFile = planFile;
        this.plan = read(planFile);
        Path folder = planFile.getParent();
        this.published = read(folder.resolve(plan.get("publishedFigures").asText()));
        Map<String, Double> values = new HashMap<>();
        for (String list : LISTS) {
            for (JsonNode figure : published.path(list)) {
                if (figure.path("value").isNumber()) {
                    values.put(figure.get("id").asText(), figure.get("value").asDouble());
                }
            }
        }
        this.artifactStudy = plan.path("columns").path("artifact").asText(null);
        this.rulesStudy = plan.path("columns").path("rules").asText(null);
        this.rulesReviewed = new ArrayList<>();
        plan.path("columns").path("rulesReviewed").forEach(set -> rulesReviewed.add(set.asText()));
        this.evaluator = new Evaluator(gateway, new ReleasedFiles(folder.resolve(plan.get("released").asText()).normalize()),
                values, plan.get("site").asText(), plan.path("labelsStudy").asText(artifactStudy),
                rulesStudy == null ? Map.of() : Map.of(rulesStudy, List.copyOf(rulesReviewed)));
    }

    public Report build() {
        List<FigureRow> rows = new ArrayList<>();
        for (String list : LISTS) {
            for (JsonNode figure : published.path(list)) {
                rows.add(row(list, figure));
            }
        }
        List<Table> tables = new ArrayList<>();
        for (JsonNode table : plan.path("tables")) {
            tables.add(switch (table.get("kind").asText()) {
                case "trend" -> trendTable(table);
                case "distribution" -> distributionTable(table);
                default -> throw new ReportException(planFile + ": table " + table.get("id") + " has an unknown kind");
            });
        }
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("artifact", artifactStudy);
        columns.put("rules", rulesStudy);
        columns.put("rulesReviewed", String.join(", ", rulesReviewed));
        return new Report(plan.get("study").asText(), plan.get("title").asText(), gateway.baseUrl(), Instant.now(), columns,
                rows, tables);
    }

    private FigureRow row(String list, JsonNode figure) {
        String id = figure.get("id").asText();
        String printed = (figure.has("qualifier") ? figure.get("qualifier").asText() + " " : "") + figure.path("value_text").asText();
        JsonNode entry = entry(id, figure);
        String note = entry.path("note").asText(null);
        if (list.equals("cited_comparisons")) {
            return new FigureRow(id, list, section(figure), figure.path("quantity").asText(), figure.path("quote").asText(),
                    printed, null, null, null, null, new Verdict(Verdict.Kind.NOT_A_RESULT,
                            "another paper's figure, cited " + figure.path("cited_ref").asText()), null, note);
        }
        if (entry.has("notComputable") || entry.has("parameter") || entry.isEmpty()) {
            Verdict verdict = entry.has("notComputable") ? new Verdict(Verdict.Kind.NOT_COMPUTABLE, entry.get("notComputable").asText())
                    : entry.has("parameter") ? new Verdict(Verdict.Kind.PARAMETER, entry.get("parameter").asText())
                    : new Verdict(Verdict.Kind.NOT_A_RESULT, "stated in words; the plan maps no query to it");
            return new FigureRow(id, list, section(figure), figure.path("quantity").asText(), figure.path("quote").asText(),
                    printed, null, null, null, null, verdict, null, note);
        }
        Double released = entry.has("released") ? evaluator.value(entry.get("released"), null) : null;
        Double artifact = null;
        Double rules = null;
        if (entry.has("study")) {
            artifact = evaluator.value(entry.get("study"), artifactStudy);
            rules = entry.path("rulesStudy").asBoolean(true) ? evaluator.value(entry.get("study"), rulesStudy) : null;
        }
        if (entry.has("rules")) {
            // the rules column's own query, where the method's path differs from the sets' (a review after the rules)
            rules = evaluator.value(entry.get("rules"), rulesStudy);
        }
        if (entry.has("suite")) {
            artifact = evaluator.value(entry.get("suite"), null);
            rules = artifact;
        }
        if (entry.has("labels")) {
            artifact = evaluator.value(entry.get("labels"), null);
        }
        Double stated = entry.has("stated") ? evaluator.value(entry.get("stated"), null) : null;
        Double primary = artifact != null ? artifact : stated != null ? stated : released != null ? released : rules;
        double value = figure.get("value").asDouble();
        String valueText = figure.path("value_text").asText();
        String qualifier = figure.path("qualifier").asText(null);
        if (primary == null) {
            return new FigureRow(id, list, section(figure), figure.path("quantity").asText(), figure.path("quote").asText(),
                    printed, released, artifact, rules, stated, new Verdict(Verdict.Kind.NOT_COMPUTABLE,
                            "the suite answered no value (an empty set, or no response time)"), null, note);
        }
        Verdict verdict = Verdict.of(value, valueText, qualifier, primary);
        String cause = verdict.kind() == Verdict.Kind.DIFFERS
                ? cause(entry, value, valueText, qualifier, released, artifact, rules, stated) : null;
        return new FigureRow(id, list, section(figure), figure.path("quantity").asText(), figure.path("quote").asText(),
                printed, released, artifact, rules, stated, verdict, cause, note);
    }

    /**
     * Why a figure differs: the plan's explanation when its evidence reproduces the published value;
     * else what the other columns show; else "unexplained", with what was checked.
     */
    private String cause(JsonNode entry, double value, String valueText, String qualifier, Double released,
            Double artifact, Double rules, Double stated) {
        if (entry.has("explanation")) {
            JsonNode explanation = entry.get("explanation");
            String study = "rules".equals(explanation.path("evidenceStudy").asText()) ? rulesStudy : artifactStudy;
            Double evidence = evaluator.value(explanation.get("evidence"), study);
            if (evidence != null && Verdict.of(value, valueText, qualifier, evidence).kind() == Verdict.Kind.MATCHES) {
                return explanation.get("text").asText() + " Evidence: " + Numbers.format(evidence)
                        + " computed by the explanation's own query, which gives the published value.";
            }
            return "unexplained: the plan's explanation does not reproduce the published value (its evidence gives "
                    + (evidence == null ? "nothing" : Numbers.format(evidence)) + ")";
        }
        String grim = grim(entry.path("n").asLong(0), value, valueText);
        if (grim != null) {
            return grim;
        }
        List<String> checked = new ArrayList<>();
        if (released != null) {
            if (Verdict.of(value, valueText, qualifier, released).kind() == Verdict.Kind.MATCHES) {
                return "The authors' released result file gives the published value (" + Numbers.format(released)
                        + "); the released posts do not: the result file was computed from data other than the released sets.";
            }
            checked.add("released result file " + Numbers.format(released));
        }
        if (rules != null && artifact != null) {
            if (Verdict.of(value, valueText, qualifier, rules).kind() == Verdict.Kind.MATCHES) {
                return "The keyword rules (" + rulesStudy + ") give the published value (" + Numbers.format(rules)
                        + "), the released sets do not: the paper computed this figure before its manual checks.";
            }
            checked.add(rulesStudy + " " + Numbers.format(rules));
        }
        if (artifact != null) {
            checked.add(artifactStudy + " " + Numbers.format(artifact));
        }
        if (stated != null) {
            checked.add("from the paper's own figures " + Numbers.format(stated));
        }
        return "unexplained; checked: " + String.join(", ", checked);
    }

    /**
     * The GRIM test (Brown and Heathers, 2017): a share of N questions printed to d decimals must be
     * some count k of N rounded; when no k gives the printed value, the value cannot be a share of N.
     * Answers that, with the nearest counts, or null when some k gives it (or N is unknown).
     */
    static String grim(long n, double percent, String valueText) {
        if (n <= 0) {
            return null;
        }
        int decimals = Verdict.decimals(valueText);
        long below = (long) Math.floor(percent / 100 * n);
        for (long k = Math.max(0, below - 1); k <= Math.min(n, below + 2); k++) {
            if (Verdict.of(percent, valueText, null, 100.0 * k / n).kind() == Verdict.Kind.MATCHES) {
                return null;
            }
        }
        StringBuilder cause = new StringBuilder("No count of " + n + " questions gives " + valueText + " % (GRIM test): "
                + below + "/" + n + " = " + Numbers.format(100.0 * below / n) + " %, " + (below + 1) + "/" + n + " = "
                + Numbers.format(100.0 * (below + 1) / n) + " %; the published share is not of the paper's own N.");
        // the neighbouring sizes a slip would give (a question counted or left out)
        for (long other : new long[] { n - 1, n + 1 }) {
            long k = Math.round(percent / 100 * other);
            if (Verdict.of(percent, valueText, null, 100.0 * k / other).kind() == Verdict.Kind.MATCHES) {
                cause.append(" It is a share of ").append(other).append(": ").append(k).append('/').append(other).append(" = ")
                        .append(Numbers.format(100.0 * k / other)).append(" %.");
            }
        }
        return cause.toString();
    }

    /** The plan's entry for a figure: its own, else the first template whose field the figure has, filled in. */
    private JsonNode entry(String id, JsonNode figure) {
        JsonNode own = plan.path("figures").path(id);
        if (!own.isMissingNode()) {
            return own;
        }
        for (JsonNode template : plan.path("templates")) {
            if (figure.has(template.get("when").asText())) {
                String text = template.toString();
                Map<String, String> fields = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = figure.fields(); it.hasNext(); ) {
                    var field = it.next();
                    fields.put(field.getKey(), field.getValue().asText());
                }
                // the N a share is of, where the quantity states it: "... questions (N=227) in ..."
                java.util.regex.Matcher n = java.util.regex.Pattern.compile("\\(N=(\\d+)\\)")
                        .matcher(fields.getOrDefault("quantity", ""));
                fields.put("N", n.find() ? n.group(1) : "0");
                String path = fields.getOrDefault("category_path", "");
                String platform = fields.getOrDefault("platform", "");
                fields.put("category_path_below_platform", path.startsWith(platform + " > ")
                        ? path.substring(platform.length() + 3) : path.equals(platform) ? "" : path);
                for (var field : fields.entrySet()) {
                    text = text.replace("${" + field.getKey() + "}", field.getValue().replace("\\", "\\\\").replace("\"", "\\\""));
                }
                ObjectNode filled = (ObjectNode) readTree(text);
                filled.remove("when");
                return filled;
            }
        }
        return JSON.createObjectNode();
    }

    private Table trendTable(JsonNode table) {
        String measure = table.get("measure").asText();
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : table.get("rows")) {
            String set = row.get("set").asText();
            Map<Integer, Long> artifact = years(artifactStudy, set, measure);
            Map<Integer, Long> rules = years(rulesStudy, set, measure);
            for (JsonNode year : table.get("years")) {
                int y = year.asInt();
                Double released = row.has("released") ? evaluator.value(JSON.createObjectNode()
                        .put("csv", table.get("released").asText()).put("row", row.get("released").asText())
                        .put("column", String.valueOf(y)), null) : null;
                long a = artifact.getOrDefault(y, 0L);
                rows.add(List.of(row.path("label").asText(set), String.valueOf(y), released == null ? "" : Numbers.format(released),
                        String.valueOf(a), String.valueOf(rules.getOrDefault(y, 0L)),
                        released == null ? "" : released == a ? "matches" : "differs by " + Numbers.format(a - released)));
            }
        }
        return new Table(table.get("id").asText(), table.get("title").asText(),
                List.of("platform", "year", "released (" + table.get("released").asText() + ")", "artifact's sets (" + artifactStudy + ")",
                        rulesColumn(), "artifact against released"), rows, charts(table));
    }

    private Map<Integer, Long> years(String study, String set, String measure) {
        Map<Integer, Long> years = new HashMap<>();
        for (JsonNode year : gateway.json(evaluator.path("/api/metrics/studies/{study}/sets/" + set
                + "/trend?site={site}&reviewed={reviewed:" + set + "}", study))
                .path("years")) {
            years.put(year.get("year").asInt(), year.get(measure).asLong());
        }
        return years;
    }

    private Table distributionTable(JsonNode table) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : table.get("rows")) {
            String label = row.path("label").asText(row.path("set").asText());
            if (row.has("released")) {
                ObjectNode spec = ((ObjectNode) row.get("released").deepCopy());
                rows.add(summaryRow(label, "released (" + spec.get("xlsx").asText() + ", sheet " + spec.get("sheet").asText() + ")",
                        summary(spec)));
            }
            if (row.has("set")) {
                rows.add(summaryRow(label, "artifact's sets (" + artifactStudy + ")", responseMinutes(artifactStudy, row.get("set").asText())));
                if (row.path("rules").asBoolean(true)) {
                    rows.add(summaryRow(label, rulesColumn(), responseMinutes(rulesStudy, row.get("set").asText())));
                }
            }
        }
        return new Table(table.get("id").asText(), table.get("title").asText(),
                List.of("group", "source", "count", "min", "q1", "median", "q3", "max", "mean"), rows, charts(table));
    }

    /** The released values' summary, computed by the suite's statistics endpoint. */
    private JsonNode summary(ObjectNode releasedSpec) {
        return evaluator.summaryOf(releasedSpec);
    }

    private JsonNode responseMinutes(String study, String set) {
        return gateway.json(evaluator.path("/api/metrics/studies/{study}/sets/" + set
                + "/difficulty?site={site}&reviewed={reviewed:" + set + "}", study))
                .path("responseMinutes");
    }

    private static List<String> summaryRow(String label, String source, JsonNode s) {
        if (s == null || s.isNull() || s.isMissingNode()) {
            return List.of(label, source, "0", "", "", "", "", "", "");
        }
        return List.of(label, source, s.get("count").asText(), Numbers.format(s.get("min").asDouble()),
                Numbers.format(s.get("q1").asDouble()), Numbers.format(s.get("median").asDouble()),
                Numbers.format(s.get("q3").asDouble()), Numbers.format(s.get("max").asDouble()),
                Numbers.format(s.get("mean").asDouble()));
    }

    private String rulesColumn() {
        return "rules (" + rulesStudy + (rulesReviewed.isEmpty() ? "" : "; " + String.join(", ", rulesReviewed) + " reviewed") + ")";
    }

    private Map<String, String> charts(JsonNode table) {
        Map<String, String> charts = new LinkedHashMap<>();
        if (table.has("chart")) {
            for (String study : new String[] { artifactStudy, rulesStudy }) {
                charts.put(study, gateway.text(evaluator.path(table.get("chart").asText(), study), "image/svg+xml"));
            }
        }
        return charts;
    }

    private static String section(JsonNode figure) {
        return figure.path("section").asText("");
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ReportException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ReportException("a template of the plan is no JSON once filled in: " + e.getMessage(), e);
        }
    }
}
