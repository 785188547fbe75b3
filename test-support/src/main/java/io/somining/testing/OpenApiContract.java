package io.somining.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a client generator needs of a service's OpenAPI document (issue 24): every operation has a unique operationId
 * in camelCase (generated clients name their methods after it, not after the path), a summary and a description; path parameters
 * come in the path's order, and JSON first where an operation also answers in another media type.
 */
public final class OpenApiContract {

    private OpenApiContract() {
    }

    /** What is wrong, one line per operation; empty when every operation is fit for a generator. */
    @SuppressWarnings("unchecked")
    public static List<String> problems() {
        JsonPath document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        paths.forEach((path, methods) -> methods.forEach((method, value) -> {
            if (!(value instanceof Map<?, ?> operation) || !List.of("get", "post", "put", "patch", "delete").contains(method)) {
                return;
            }
            String where = method.toUpperCase(java.util.Locale.ROOT) + " " + path;
            Object id = operation.get("operationId");
            if (!(id instanceof String name) || !name.matches("[a-z][a-zA-Z0-9]*")) {
                problems.add(where + ": operationId " + id + " is not a camelCase name");
            } else if (!ids.add(name)) {
                problems.add(where + ": operationId " + name + " is used twice");
            }
            if (!(operation.get("summary") instanceof String summary) || summary.isBlank()) {
                problems.add(where + ": no summary");
            }
            if (!(operation.get("description") instanceof String description) || description.isBlank()) {
                problems.add(where + ": no description");
            }
            // path parameters in the path's order (generators call them positionally), JSON first where offered
            if (operation.get("parameters") instanceof List<?> parameters) {
                List<String> declared = parameters.stream().map(p -> (Map<String, Object>) p)
                        .filter(p -> "path".equals(p.get("in"))).map(p -> (String) p.get("name")).toList();
                List<String> inPath = declared.stream().sorted(java.util.Comparator.comparingInt(n -> path.indexOf("{" + n + "}"))).toList();
                if (!declared.equals(inPath)) {
                    problems.add(where + ": path parameters " + declared + " are not in the path's order " + inPath);
                }
            }
            if (operation.get("responses") instanceof Map<?, ?> responses && operation.get("security") != null) {
                for (String refusal : List.of("401", "403")) {
                    if (!(responses.get(refusal) instanceof Map<?, ?> answer && answer.get("content") instanceof Map<?, ?> content
                            && content.containsKey("application/problem+json"))) {
                        problems.add(where + ": no " + refusal + " problem document declared");
                    }
                }
            }
            if (operation.get("responses") instanceof Map<?, ?> responses) {
                responses.forEach((status, response) -> {
                    if (response instanceof Map<?, ?> answer && answer.get("content") instanceof Map<?, ?> content
                            && content.containsKey("application/json") && !content.keySet().iterator().next().equals("application/json")) {
                        problems.add(where + ": " + status + " lists " + content.keySet().iterator().next() + " before application/json");
                    }
                });
            }
        }));
        return problems;
    }

    /**
     * The service's document as served equals its committed copy {@code api/openapi/<service>.json}, from which
     * clients are generated and against which compatibility is checked (contracts' ContractCompatibilityTest).
     * {@code -Dopenapi.write=true} rewrites the copy after an intended change. Answers what differs.
     */
    public static List<String> committedAs(String service) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        java.nio.file.Path file = java.nio.file.Path.of("..", "api", "openapi", service + ".json");
        try {
            com.fasterxml.jackson.databind.JsonNode served = json.readTree(
                    given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());
            if (Boolean.getBoolean("openapi.write")) {
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.writeString(file, json.writeValueAsString(served) + "\n");
            }
            if (!java.nio.file.Files.exists(file)) {
                return List.of(file + " does not exist: write it with -Dopenapi.write=true");
            }
            com.fasterxml.jackson.databind.JsonNode committed = json.readTree(file.toFile());
            List<String> differences = new ArrayList<>();
            served.path("paths").fieldNames().forEachRemaining(path -> {
                if (!served.path("paths").path(path).equals(committed.path("paths").path(path))) {
                    differences.add(path + " differs from " + file);
                }
            });
            committed.path("paths").fieldNames().forEachRemaining(path -> {
                if (served.path("paths").path(path).isMissingNode()) {
                    differences.add(path + " is in " + file + " but not served");
                }
            });
            if (differences.isEmpty() && !served.equals(committed)) {
                differences.add("the document differs from " + file + " outside its paths");
            }
            if (!differences.isEmpty()) {
                differences.add("an intended change is committed with -Dopenapi.write=true, and checked for "
                        + "compatibility by contracts' ContractCompatibilityTest");
            }
            return differences;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
