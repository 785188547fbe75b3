package io.somining.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a replication plan's value specifications (docs/reproduction.md, "The plan"), each a
 * one-key JSON object, for one column: a study of the suite, the released result files, or the
 * published figures themselves. Every number comes from the suite's API or from a released file as
 * it is; the arithmetic here is only what a spec names (a growth, a ratio, a count from a stated
 * share), never a statistic.
 */
final class Evaluator {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Gateway gateway;
    private final ReleasedFiles released;
    private final Map<String, Double> publishedValues;
    private final String site;
    private final String labelsStudy;
    private final Map<String, List<String>> reviewedSets;

    /**
     * @param publishedValues the published figures' values by id (what {@code published} specs read)
     * @param labelsStudy     the study whose label imports hold the category shares
     */
    /**
     * @param reviewedSets per study column, the sets it counts by their reviewed members (a relevance review's kept
     *                     candidates): {@code {reviewedSets}} and {@code {reviewed:SET}} in a path say so
     */
    Evaluator(Gateway gateway, ReleasedFiles released, Map<String, Double> publishedValues, String site, String labelsStudy,
            Map<String, List<String>> reviewedSets) {
        this.gateway = gateway;
        this.reviewedSets = reviewedSets;
        this.released = released;
        this.publishedValues = publishedValues;
        this.site = site;
        this.labelsStudy = labelsStudy;
    }

    /** A spec's value for a study (null for the columns that are no study); {@code scale} multiplies it. */
    Double value(JsonNode spec, String study) {
        Double raw = raw(spec, study);
        if (raw == null || !spec.has("scale")) {
            return raw;
        }
        return raw * spec.get("scale").asDouble();
    }

    private Double raw(JsonNode spec, String study) {
        if (spec.has("get")) {
            return number(gateway.json(path(spec.get("get").asText(), study)), spec.path("value").asText(""), spec);
        }
        if (spec.has("csv")) {
            return released.csvCell(spec.get("csv").asText(), spec.get("row").asText(), spec.get("column").asText());
        }
        if (spec.has("xlsx")) {
            return number(summaryOf(spec), spec.get("value").asText(), spec);
        }
        if (spec.has("published")) {
            return publishedValues.get(spec.get("published").asText());
        }
        if (spec.has("constant")) {
            return spec.get("constant").asDouble();
        }
        if (spec.has("sum")) {
            double sum = 0;
            for (JsonNode part : spec.get("sum")) {
                Double value = value(part, study);
                if (value == null) {
                    return null;
                }
                sum += value;
            }
            return sum;
        }
        if (spec.has("count")) {
            // the elements of a list answer whose fields hold the given values
            long count = 0;
            for (JsonNode element : gateway.json(path(spec.get("count").get("get").asText(), study))) {
                boolean all = true;
                for (Iterator<Map.Entry<String, JsonNode>> wanted = spec.path("where").fields(); wanted.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = wanted.next();
                    all &= element.at(field.getKey()).equals(field.getValue());
                }
                count += all ? 1 : 0;
            }
            return (double) count;
        }
        if (spec.has("growth")) {
            Double later = value(spec.get("growth").get(0), study);
            Double earlier = value(spec.get("growth").get(1), study);
            return later == null || earlier == null || earlier == 0 ? null : (later - earlier) / earlier;
        }
        if (spec.has("ratio")) {
            Double a = value(spec.get("ratio").get(0), study);
            Double b = value(spec.get("ratio").get(1), study);
            return a == null || b == null || b == 0 ? null : a / b;
        }
        if (spec.has("difference")) {
            Double a = value(spec.get("difference").get(0), study);
            Double b = value(spec.get("difference").get(1), study);
            return a == null || b == null ? null : a - b;
        }
        if (spec.has("firstYearWithQuestions")) {
            for (JsonNode year : gateway.json(path(spec.get("firstYearWithQuestions").asText(), study)).path("years")) {
                if (year.path("questions").asLong() > 0) {
                    return year.get("year").asDouble();
                }
            }
            return null;
        }
        if (spec.has("sampleSize")) {
            Double population = value(spec.get("sampleSize"), study);
            return population == null ? null : number(gateway.json("/api/taxonomy/sampling/size?population="
                    + Math.round(population)), spec.get("value").asText(), spec);
        }
        if (spec.has("category")) {
            return category(spec.get("category"));
        }
        if (spec.has("propTestFromShares")) {
            return propTestFromShares(spec.get("propTestFromShares"), spec.get("value").asText(), study);
        }
        throw new ReportException("unknown value specification " + spec);
    }

    /**
     * The summary (count, quantiles, mean, box-plot statistics) of a released spreadsheet column
     * ({@code xlsx}, {@code sheet}), as the suite's statistics endpoint computes it.
     */
    JsonNode summaryOf(JsonNode spec) {
        List<Double> values = released.sheetColumn(spec.get("xlsx").asText(), spec.get("sheet").asText(),
                spec.path("after").asText(null));
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("values");
        values.forEach(array::add);
        return gateway.post("/api/metrics/statistics/summary", body);
    }

    /**
     * R's prop.test on counts made from stated shares: x = round(share / 100 * n) per group; what a
     * reader can check when a paper states shares and sizes but not its counts.
     */
    private Double propTestFromShares(JsonNode spec, String pointer, String study) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode x = body.putArray("x");
        ArrayNode n = body.putArray("n");
        for (int i = 0; i < 2; i++) {
            Double share = value(spec.get("shares").get(i), study);
            Double size = value(spec.get("n").get(i), study);
            if (share == null || size == null) {
                return null;
            }
            long groupSize = Math.round(size);
            n.add(groupSize);
            x.add(Math.round(share / 100 * groupSize));
        }
        try {
            return number(gateway.post("/api/metrics/statistics/prop-test", body), pointer, spec);
        } catch (ReportException undefined) {
            // 422: the counts are valid and the test undefined on them (R's NaN): no value
            if (undefined.status() == 422) {
                return null;
            }
            throw undefined;
        }
    }

    /**
     * A category's labeled questions ({@code measure: questions}) or their share of the platform's
     * ({@code share}), in the rounds the labels study's imports made: the node found by its path below
     * the platform (names repeat under different parents); the empty path is the platform itself.
     */
    private Double category(JsonNode spec) {
        String platform = spec.get("platform").asText();
        String wanted = spec.get("path").asText();
        String measure = spec.path("measure").asText("share");
        for (JsonNode report : gateway.json("/api/taxonomy/label-imports?studyId=" + encode(labelsStudy))) {
            for (JsonNode sheet : report.path("sheets")) {
                if (!sheet.path("platform").asText().equals(platform)) {
                    continue;
                }
                Deque<String> ancestors = new ArrayDeque<>();
                for (JsonNode node : gateway.json("/api/taxonomy/rounds/" + sheet.get("roundId").asText() + "/shares")) {
                    int depth = node.get("depth").asInt();
                    while (ancestors.size() > depth) {
                        ancestors.removeLast();
                    }
                    ancestors.addLast(node.get("name").asText());
                    // the path below the platform, as the plan writes it: "Model Export > Procedure"
                    String path = String.join(" > ", ancestors.stream().skip(1).toList());
                    if (path.equalsIgnoreCase(wanted) && node.get("platform").asText().equals(platform)) {
                        return node.get(measure).isNull() ? null : node.get(measure).asDouble();
                    }
                }
                throw new ReportException("no category '" + wanted + "' under " + platform + " in the round of sheet "
                        + sheet.path("sheet").asText());
            }
        }
        return null;
    }

    private static final java.util.regex.Pattern REVIEWED = java.util.regex.Pattern.compile("\\{reviewed:([^}]+)}");

    /**
     * A path with {study} and {site} filled in, {reviewedSets} with the sets the study's column counts by their
     * reviewed members (comma-separated, or nothing), and {reviewed:SET} with whether it counts SET so.
     */
    String path(String template, String study) {
        List<String> reviewed = study == null ? List.of() : reviewedSets.getOrDefault(study, List.of());
        String filled = template.replace("{study}", encode(study == null ? "" : study)).replace("{site}", encode(site))
                .replace("{reviewedSets}", encode(String.join(",", reviewed)));
        return REVIEWED.matcher(filled).replaceAll(set -> String.valueOf(reviewed.contains(set.group(1))));
    }

    private static Double number(JsonNode answer, String pointer, JsonNode spec) {
        JsonNode value = pointer.isEmpty() ? answer : answer.at(pointer);
        if (value.isMissingNode()) {
            throw new ReportException("the answer has nothing at " + pointer + " (spec " + spec + "): " + abbreviated(answer));
        }
        return value.isNull() ? null : value.asDouble();
    }

    private static String abbreviated(JsonNode answer) {
        String text = answer.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
