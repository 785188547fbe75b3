package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sends, to every operation of every OpenAPI document the gateway serves, requests a client gets wrong: a query or
 * path parameter that is not of its type (a whole number, a number, one of an enumeration, a UUID), a JSON body that
 * is no JSON or of the wrong shape, a JSON body where a form is expected. Every answer must be a 4xx problem document
 * (400 for a parameter not of its type) whose detail names no server path, Java class or library, with the security
 * headers, and any Location under {@code /api/}. Only malformed requests are sent: nothing is created or changed.
 */
final class MalformedRequestSweep {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java packages, exception classes, nested classes, the JSON reader's quoting of types. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta)\\.[a-z]|com\\.fasterxml|org\\.(apache|jboss|hibernate|postgresql|eclipse)"
                    + "|io\\.(quarkus|vertx|smallrye|somining|agroal)|[A-Za-z]Exception\\b|\\$[A-Z]|`");
    private static final Pattern SERVER_PATH = Pattern.compile("(^|[\\s'\"(])/(tmp|work|home|root|usr|var|opt)/");
    private static final List<String> DOCUMENTS = List.of("/q/openapi", "/api/ingest/q/openapi",
            "/api/classifier/q/openapi", "/api/metrics/q/openapi", "/api/taxonomy/q/openapi");

    private JsonNode document;
    private final String gateway;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> findings = new ArrayList<>();
    private int requests;

    MalformedRequestSweep(String gateway, String token) {
        this.gateway = gateway;
        this.token = token;
    }

    /** What was wrong, one line per answer; empty when every answer was right. */
    List<String> run() throws IOException, InterruptedException {
        for (String document : DOCUMENTS) {
            JsonNode openApi = JSON.readTree(send("GET", document + "?format=json", null, null).body());
            this.document = openApi;
            String base = openApi.path("servers").path(0).path("url").asText("");
            for (Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    if (method.getValue().isObject() && !method.getKey().equals("parameters")) {
                        sweep(base, path.getKey(), method.getKey().toUpperCase(java.util.Locale.ROOT), method.getValue(),
                                path.getValue().path("parameters"));
                    }
                }
            }
        }
        return findings;
    }

    int requests() {
        return requests;
    }

    private void sweep(String base, String template, String method, JsonNode operation, JsonNode shared)
            throws IOException, InterruptedException {
        List<JsonNode> parameters = new ArrayList<>();
        shared.forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        for (JsonNode parameter : parameters) {
            String bad = malformed(schema(parameter));
            String where = parameter.path("in").asText();
            if (bad == null || !where.equals("path") && !where.equals("query")) {
                continue;
            }
            String name = parameter.path("name").asText();
            // every other parameter the operation requires, well formed: the malformed one is the only fault
            String path = fill(template, parameters, where.equals("path") ? name : null, bad)
                    + "?" + requiredQuery(parameters, name) + (where.equals("query") ? name + "=" + URLEncoder.encode(bad, StandardCharsets.UTF_8) : "");
            check(method, base + path, null, null, 400, name + "=" + bad);
        }
        JsonNode content = operation.path("requestBody").path("content");
        String path = base + fill(template, parameters, null, null) + "?" + requiredQuery(parameters, null);
        if (content.has("application/json")) {
            check(method, path, "application/json", "{\"unclosed\": [1, 2", 400, "a body that is no JSON");
            check(method, path, "application/json", "[[[]]]", 400, "a body of the wrong shape");
        } else if (content.has("multipart/form-data")) {
            check(method, path, "application/json", "{}", 0, "JSON where a form is expected");
        }
    }

    /** A parameter's schema, references and a first allOf resolved (a default wraps a reference in allOf). */
    private JsonNode schema(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        if (schema.has("allOf")) {
            schema = schema.path("allOf").path(0);
        }
        if (schema.has("$ref")) {
            schema = document.at(schema.path("$ref").asText().substring(1));
        }
        return schema;
    }

    /** The required query parameters but {@code except}, well formed, each followed by '&'. */
    private String requiredQuery(List<JsonNode> parameters, String except) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : parameters) {
            if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean()
                    && !parameter.path("name").asText().equals(except)) {
                query.append(parameter.path("name").asText()).append('=').append(wellFormed(schema(parameter), "A")).append('&');
            }
        }
        return query.toString();
    }

    private static String wellFormed(JsonNode schema, String text) {
        return schema.has("enum") ? schema.path("enum").path(0).asText()
                : "uuid".equals(schema.path("format").asText()) ? "00000000-0000-4000-8000-000000000000"
                : schema.path("type").asText().matches("integer|number") ? "1" : text;
    }

    /** A value not of the parameter's type, or null where any text is of its type. */
    private static String malformed(JsonNode schema) {
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText();
        if (schema.has("enum")) {
            return "bogus-value";
        }
        return switch (type) {
            case "integer", "number" -> "abc";
            case "boolean" -> "maybe";
            default -> "uuid".equals(schema.path("format").asText()) ? "not-a-uuid" : null;
        };
    }

    /** The path with every path parameter filled with a value of its type, but {@code bad} for {@code malformedName}. */
    private String fill(String template, List<JsonNode> parameters, String malformedName, String bad) {
        String path = template;
        for (JsonNode parameter : parameters) {
            if (!parameter.path("in").asText().equals("path")) {
                continue;
            }
            String name = parameter.path("name").asText();
            String value = name.equals(malformedName) ? bad
                    : wellFormed(schema(parameter), "no-such-" + name.toLowerCase(java.util.Locale.ROOT));
            path = path.replace("{" + name + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return path;
    }

    /** @param expected the status required, or 0 for any 4xx */
    private void check(String method, String path, String contentType, String body, int expected, String what)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = send(method, path, contentType, body);
        String request = method + " " + path + " (" + what + ")";
        int status = answer.statusCode();
        if (expected != 0 ? status != expected : status < 400 || status >= 500) {
            findings.add(request + ": " + status + " instead of " + (expected != 0 ? expected : "a 4xx") + ": " + abbreviated(answer.body()));
        }
        if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            findings.add(request + ": " + answer.headers().firstValue("Content-Type").orElse("no Content-Type") + ", not a problem document");
        } else {
            JsonNode problem = JSON.readTree(answer.body());
            String detail = problem.path("detail").asText("") + " " + problem.path("errors").toString();
            if (problem.path("status").asInt() != status) {
                findings.add(request + ": the problem says status " + problem.path("status") + ", the answer " + status);
            }
            if (INTERNALS.matcher(detail).find() || SERVER_PATH.matcher(detail).find()) {
                findings.add(request + ": the detail names internals: " + abbreviated(detail));
            }
        }
        if (!"nosniff".equals(answer.headers().firstValue("X-Content-Type-Options").orElse(null))
                || answer.headers().firstValue("Content-Security-Policy").isEmpty()) {
            findings.add(request + ": security headers missing");
        }
        answer.headers().firstValue("Location").filter(location -> !location.startsWith("/api/"))
                .ifPresent(location -> findings.add(request + ": Location " + location + " is not under /api/"));
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        // the gateway limits requests per user: wait as it says, then ask again
        for (int attempt = 0; ; attempt++) {
            requests++;
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 429 || attempt == 20) {
                return answer;
            }
            Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
