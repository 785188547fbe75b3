package io.somining.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * CI compares the contracts with the last release's (api/baseline, named in its VERSION file) and fails on a
 * breaking change: a removed or retyped field, a field that may now be absent, a new required field, a removed or
 * renamed operation, a new required parameter. A new event type is no break; neither is a new API version (a
 * document whose info.version has another major number than the baseline's). Releasing copies the current
 * contracts into api/baseline (docs/api.md).
 */
class ContractCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path API = Path.of("../api");
    private static final Path BASELINE = API.resolve("baseline");
    private static final Path SCHEMAS = ContractDocumentsTest.DIRECTORY.resolve("schemas");

    @Test
    void shouldKeepEveryEventTypeOfTheBaselineCompatible() throws IOException {
        List<String> breaks = new ArrayList<>();
        List<Path> baseline = files(BASELINE.resolve("events"));
        assertThat(baseline).as("the baseline's event schemas").isNotEmpty();
        for (Path older : baseline) {
            Path newer = SCHEMAS.resolve(older.getFileName());
            String type = older.getFileName().toString().replace(".json", "");
            if (!Files.exists(newer)) {
                breaks.add(type + ": the event type was removed");
                continue;
            }
            breaks.addAll(Compatibility.events(type, JSON.readTree(older.toFile()), JSON.readTree(newer.toFile())));
        }
        assertThat(breaks).as("breaking changes against the baseline " + baselineVersion()).isEmpty();
    }

    @Test
    void shouldKeepEveryOpenApiDocumentOfTheBaselineCompatibleUnlessItsMajorVersionChanged() throws IOException {
        List<String> breaks = new ArrayList<>();
        List<Path> baseline = files(BASELINE.resolve("openapi"));
        assertThat(baseline).as("the baseline's OpenAPI documents").hasSize(5);
        for (Path older : baseline) {
            Path newer = API.resolve("openapi").resolve(older.getFileName());
            String name = older.getFileName().toString().replace(".json", "");
            if (!Files.exists(newer)) {
                breaks.add(name + ": the document was removed");
                continue;
            }
            JsonNode oldDocument = JSON.readTree(older.toFile());
            JsonNode newDocument = JSON.readTree(newer.toFile());
            if (!major(oldDocument).equals(major(newDocument))) {
                continue; // a new API version may break; its clients are generated anew
            }
            breaks.addAll(Compatibility.openApi(name, oldDocument, newDocument));
        }
        assertThat(breaks).as("breaking changes against the baseline " + baselineVersion()).isEmpty();
    }

    @Test
    void shouldFindEveryKindOfBreakingChangeInAnEventSchema() throws IOException {
        JsonNode schema = JSON.readTree(SCHEMAS.resolve("QuestionUpserted.json").toFile());

        ObjectNode removed = schema.deepCopy();
        ((ObjectNode) removed.path("properties")).remove("title");
        ObjectNode retyped = schema.deepCopy();
        ((ObjectNode) retyped.path("properties").path("postId")).put("type", "string");
        ObjectNode nullable = schema.deepCopy();
        ((ObjectNode) nullable.path("properties").path("title")).putArray("type").add("string").add("null");
        ObjectNode optional = schema.deepCopy();
        removeRequired(optional, "body");
        ObjectNode newRequired = schema.deepCopy();
        ((ObjectNode) newRequired.path("properties")).putObject("score").put("type", "integer");
        ((ArrayNode) newRequired.path("required")).add("score");
        ObjectNode newOptional = schema.deepCopy();
        ((ObjectNode) newOptional.path("properties")).putObject("score").putArray("type").add("integer").add("null");
        ObjectNode nested = JSON.readTree(SCHEMAS.resolve("QuestionClassified.json").toFile()).deepCopy();
        ObjectNode predicate = (ObjectNode) nested.at("/properties/matches/items/properties/predicates/items/properties");
        predicate.remove("snippet");

        assertThat(Compatibility.events("QuestionUpserted", schema, removed))
                .containsExactly("QuestionUpserted.title: the field was removed");
        assertThat(Compatibility.events("QuestionUpserted", schema, retyped))
                .containsExactly("QuestionUpserted.postId: type [integer] became [string]");
        assertThat(Compatibility.events("QuestionUpserted", schema, nullable))
                .containsExactly("QuestionUpserted.title: type [string] became [null, string]");
        assertThat(Compatibility.events("QuestionUpserted", schema, optional))
                .containsExactly("QuestionUpserted.body: the field may now be absent");
        assertThat(Compatibility.events("QuestionUpserted", schema, newRequired))
                .containsExactly("QuestionUpserted.score: new required field");
        assertThat(Compatibility.events("QuestionUpserted", schema, newOptional)).isEmpty();
        assertThat(Compatibility.events("QuestionClassified",
                JSON.readTree(SCHEMAS.resolve("QuestionClassified.json").toFile()), nested))
                .containsExactly("QuestionClassified.matches[].predicates[].snippet: the field was removed");
    }

    @Test
    void shouldFindEveryKindOfBreakingChangeInAnOpenApiDocument() throws IOException {
        JsonNode document = JSON.readTree(API.resolve("openapi/metrics.json").toFile());
        String trend = "/studies/{studyId}/sets/{setId}/trend";

        ObjectNode removedOperation = document.deepCopy();
        ((ObjectNode) removedOperation.path("paths")).remove(trend);
        ObjectNode renamed = document.deepCopy();
        ((ObjectNode) renamed.at("/paths/" + escape(trend) + "/get")).put("operationId", "trend");
        ObjectNode requiredParameter = document.deepCopy();
        ((ArrayNode) requiredParameter.at("/paths/" + escape(trend) + "/get/parameters")).addObject()
                .put("name", "granularity").put("in", "query").put("required", true).putObject("schema").put("type", "string");
        ObjectNode optionalParameter = document.deepCopy();
        ((ArrayNode) optionalParameter.at("/paths/" + escape(trend) + "/get/parameters")).addObject()
                .put("name", "granularity").put("in", "query").putObject("schema").put("type", "string");
        ObjectNode responseField = document.deepCopy();
        ((ObjectNode) responseField.at("/components/schemas/TrendView/properties")).remove("years");
        ObjectNode narrowedEnum = document.deepCopy();
        ArrayNode measures = (ArrayNode) narrowedEnum.at("/components/schemas/Measure/enum");
        String dropped = measures.remove(measures.size() - 1).asText();
        ObjectNode requestField = document.deepCopy();
        ((ArrayNode) requestField.at("/components/schemas/ProportionTestRequest/required")).add("correct");

        assertThat(Compatibility.openApi("metrics", document, document)).isEmpty();
        assertThat(Compatibility.openApi("metrics", document, removedOperation))
                .containsExactly("metrics GET " + trend + ": the operation was removed");
        assertThat(Compatibility.openApi("metrics", document, renamed))
                .containsExactly("metrics GET " + trend + ": operationId \"getTrend\" became \"trend\"");
        assertThat(Compatibility.openApi("metrics", document, requiredParameter))
                .containsExactly("metrics GET " + trend + ": new required parameter query granularity");
        assertThat(Compatibility.openApi("metrics", document, optionalParameter)).isEmpty();
        assertThat(Compatibility.openApi("metrics", document, responseField))
                .anyMatch(line -> line.equals("metrics GET " + trend + " response 200.years: the field was removed"));
        ObjectNode mapValue = document.deepCopy();
        ((ObjectNode) mapValue.at("/components/schemas/SetSizesView/properties/sets/additionalProperties"))
                .put("type", "string").remove("format");
        ObjectNode tighterLimit = document.deepCopy();
        ObjectNode limit = (ObjectNode) tighterLimit.at("/components/schemas/SummaryRequest/properties/values");
        limit.put("maxItems", 5);
        ObjectNode csvFirst = document.deepCopy();
        ObjectNode content = (ObjectNode) csvFirst.at("/paths/" + escape(trend) + "/get/responses/200/content");
        JsonNode json = content.remove("application/json");
        content.set("application/json", json);
        ObjectNode reordered = document.deepCopy();
        ArrayNode parameters = (ArrayNode) reordered.at("/paths/" + escape(trend) + "/get/parameters");
        JsonNode last = parameters.remove(parameters.size() - 1);
        parameters.insert(2, last);
        ObjectNode newFormat = document.deepCopy();
        ((ObjectNode) newFormat.at("/components/schemas/TrendView/properties/site")).put("format", "date-time");

        assertThat(Compatibility.openApi("metrics", document, mapValue))
                .anyMatch(line -> line.contains(".sets{}: type [integer] became [string]"));
        assertThat(Compatibility.openApi("metrics", document, tighterLimit))
                .containsExactly("metrics POST /statistics/summary request application/json.values: maxItems 1000000 became 5");
        assertThat(Compatibility.openApi("metrics", document, csvFirst))
                .containsExactly("metrics GET " + trend + ": response 200 lists text/csv first, not application/json");
        assertThat(Compatibility.openApi("metrics", document, reordered))
                .anyMatch(line -> line.startsWith("metrics GET " + trend + ": parameters ["));
        assertThat(Compatibility.openApi("metrics", document, newFormat))
                .containsExactly("metrics GET " + trend + " response 200.site: format  became \"date-time\"");
        // the measure parameter's enum is reached through allOf (the document gives it a default so)
        assertThat(Compatibility.openApi("metrics", document, narrowedEnum))
                .anyMatch(line -> line.endsWith("parameter query measure: values no longer accepted [" + dropped + "]"));
        assertThat(Compatibility.openApi("metrics", document, requestField))
                .containsExactly("metrics POST /statistics/prop-test request application/json.correct: the field became required");
    }

    private static void removeRequired(ObjectNode schema, String field) {
        ArrayNode required = (ArrayNode) schema.path("required");
        for (int i = 0; i < required.size(); i++) {
            if (required.get(i).asText().equals(field)) {
                required.remove(i);
                return;
            }
        }
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    private static String major(JsonNode document) {
        return document.path("info").path("version").asText().split("\\.")[0];
    }

    private static String baselineVersion() throws IOException {
        return Files.readString(BASELINE.resolve("VERSION")).strip();
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }
}
