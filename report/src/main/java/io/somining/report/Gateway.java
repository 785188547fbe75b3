package io.somining.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The suite's HTTP API through its gateway, with a bearer token, as a dashboard reads it. Answers are
 * cached per request for the run (the report asks the same question for several figures).
 */
public final class Gateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE_LIMIT_RETRIES = 8;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;
    private final Map<String, String> cache = new HashMap<>();

    public Gateway(String baseUrl, String token) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
    }

    /** The answer to a GET as JSON; a {@link ReportException} names the path and the status otherwise. */
    public JsonNode json(String path) {
        return parse(path, text("GET", path, null, "application/json"));
    }

    /** The answer to a POST of a JSON body; null for 204 (no content). */
    public JsonNode post(String path, JsonNode body) {
        String answer = text("POST", path, body.toString(), "application/json");
        return answer.isEmpty() ? null : parse(path, answer);
    }

    /** The answer to a GET as text of the given media type (an SVG chart, a CSV table). */
    public String text(String path, String accept) {
        return text("GET", path, null, accept);
    }

    public String baseUrl() {
        return baseUrl;
    }

    private String text(String method, String path, String body, String accept) {
        String key = method + " " + path + " " + accept + " " + body;
        String cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", accept).header("Authorization", "Bearer " + token);
        request = body == null ? request.GET()
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // the gateway limits each caller's rate: wait as it says
            for (int retry = 0; response.statusCode() == 429 && retry < RATE_LIMIT_RETRIES; retry++) {
                Thread.sleep(1000L * response.headers().firstValueAsLong("Retry-After").orElse(1));
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() / 100 != 2) {
                throw new ReportException(method + " " + path + " answered " + response.statusCode() + ": " + response.body(),
                        response.statusCode());
            }
            String answer = response.statusCode() == 204 ? "" : response.body();
            cache.put(key, answer);
            return answer;
        } catch (IOException e) {
            throw new ReportException(method + " " + baseUrl + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportException("interrupted");
        }
    }

    private static JsonNode parse(String path, String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ReportException(path + " answered no JSON: " + e.getMessage(), e);
        }
    }
}
