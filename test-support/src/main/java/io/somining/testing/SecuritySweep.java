package io.somining.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.somining.contracts.Roles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a running service's OpenAPI document and proves, for every operation in it, that it admits
 * exactly the roles it declares: no token, an expired token, one signed by another key, an unsigned
 * one ({@code alg: none}), one from another issuer and one for another audience all get 401; a valid
 * token without an admitted role gets 403; each admitted role gets past security. An operation added
 * later is swept without a new test.
 */
public final class SecuritySweep {

    /** One operation of the document, with the roles its security requirement names. */
    public record Operation(String method, String path, List<String> roles, Map<String, String> parameterFormats,
            String consumes) {

        String concretePath() {
            String concrete = path;
            for (var parameter : parameterFormats.entrySet()) {
                String value = switch (parameter.getValue()) {
                    case "uuid" -> "00000000-0000-0000-0000-000000000001";
                    case "integer" -> "1";
                    default -> "x1";
                };
                concrete = concrete.replace("{" + parameter.getKey() + "}", value);
            }
            return concrete;
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private SecuritySweep() {
    }

    @SuppressWarnings("unchecked")
    public static List<Operation> operations() {
        JsonPath document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.forEach((method, value) -> {
            if (!(value instanceof Map<?, ?> operation) || !List.of("get", "post", "put", "patch", "delete").contains(method)) {
                return;
            }
            List<String> roles = new ArrayList<>();
            Object security = operation.get("security");
            if (security instanceof List<?> requirements) {
                for (Object requirement : requirements) {
                    ((Map<String, List<String>>) requirement).values().forEach(roles::addAll);
                }
            }
            Map<String, String> formats = new java.util.LinkedHashMap<>();
            Object parameters = operation.get("parameters");
            if (parameters instanceof List<?> list) {
                for (Object p : list) {
                    Map<String, Object> parameter = (Map<String, Object>) p;
                    if ("path".equals(parameter.get("in"))) {
                        Map<String, Object> schema = (Map<String, Object>) parameter.getOrDefault("schema", Map.of());
                        Object format = schema.getOrDefault("format", schema.getOrDefault("type", "string"));
                        formats.put((String) parameter.get("name"), String.valueOf(format));
                    }
                }
            }
            String consumes = "application/json";
            Object body = operation.get("requestBody");
            if (body instanceof Map<?, ?> requestBody && requestBody.get("content") instanceof Map<?, ?> content
                    && !content.isEmpty()) {
                consumes = String.valueOf(content.keySet().iterator().next());
            }
            operations.add(new Operation(method, path, List.copyOf(roles), formats, consumes));
        }));
        return operations;
    }

    /**
     * Sweeps every operation; answers the list of what is wrong (empty when all is well). The paths named
     * public are meant to need no token (the event contract, say): they must declare no roles and answer
     * without one; every other operation must declare roles.
     */
    public static List<String> sweep(String... publicPaths) {
        List<Operation> operations = operations();
        if (operations.isEmpty()) {
            return List.of("the OpenAPI document lists no operation");
        }
        List<String> open = List.of(publicPaths);
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations) {
            if (open.contains(operation.path())) {
                int status = send(operation, null);
                if (!operation.roles().isEmpty() || status == 401 || status == 403) {
                    problems.add(operation + " is public but declares roles " + operation.roles() + " or answered "
                            + status + " without a token");
                }
                continue;
            }
            if (operation.roles().isEmpty()) {
                problems.add(operation + " declares no roles");
                continue;
            }
            String[] admitted = operation.roles().toArray(String[]::new);
            expect(problems, operation, "no token", null, 401);
            expect(problems, operation, "an expired token", TestTokens.expired(admitted), 401);
            expect(problems, operation, "a token signed by another key", TestTokens.signedByAnotherKey(admitted), 401);
            expect(problems, operation, "an unsigned (alg none) token", TestTokens.unsigned(admitted), 401);
            expect(problems, operation, "a token from another issuer", TestTokens.fromAnotherIssuer(admitted), 401);
            expect(problems, operation, "a token for another audience", TestTokens.forAnotherAudience(admitted), 401);
            for (String role : Roles.ALL) {
                if (operation.roles().contains(role)) {
                    int status = send(operation, TestTokens.forRoles(role));
                    if (status == 401 || status == 403) {
                        problems.add(operation + " with role " + role + " answered " + status + ", expected to pass");
                    }
                } else {
                    expect(problems, operation, "role " + role, TestTokens.forRoles(role), 403);
                }
            }
        }
        return problems;
    }

    private static void expect(List<String> problems, Operation operation, String what, String token, int expected) {
        int status = send(operation, token);
        if (status != expected) {
            problems.add(operation + " with " + what + " answered " + status + ", expected " + expected);
        }
    }

    /** Sends the operation a request of the media type it declares, so that only security can refuse it. */
    private static int send(Operation operation, String token) {
        RequestSpecification request = given();
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (List.of("post", "put", "patch").contains(operation.method())) {
            request = operation.consumes().startsWith("multipart/") ? request.multiPart("probe", "x")
                    : request.contentType(operation.consumes().contains("*") ? "application/json" : operation.consumes())
                            .body("{}");
        }
        Function<RequestSpecification, Integer> call = r -> r.request(operation.method().toUpperCase(),
                operation.concretePath()).statusCode();
        return call.apply(request);
    }
}
