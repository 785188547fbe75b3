package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep against a server that breaks the rules on purpose: what it reports there is what it would report of the
 * suite, so a sweep of the suite that finds nothing found nothing because there was nothing.
 */
class HostileRequestsTest {

    /** One document: an operation that fails on a quote, and one that enforces neither its roles nor its constraints. */
    private static final String DOCUMENT = """
            {"openapi": "3.1.0", "servers": [{"url": "/api/careless"}], "paths": {
              "/items/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "security": [{"SecurityScheme": ["admin", "researcher", "rater", "reader"]}]}},
              "/notes": {"post": {"security": [{"SecurityScheme": ["admin"]}],
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "required": ["text"],
                  "properties": {"text": {"type": "string", "maxLength": 5}}}}}}}}}}
            """;

    private HttpServer server;
    /** What the careless server lists as studies: every note it was sent, whoever sent it. */
    private final java.util.List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void startACarelessServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        if (path.endsWith("/q/openapi")) {
            send(exchange, 200, "application/json", path.equals("/api/careless/q/openapi") || path.equals("/api/classifier/q/openapi")
                    ? DOCUMENT : "{\"openapi\": \"3.1.0\", \"paths\": {}}");
        } else if (path.startsWith("/api/careless/items/") && (path + query).contains("%27")) {
            // a quote reaches a query builder
            send(exchange, 500, "text/plain", "syntax error at or near \"'\"\n\tat org.postgresql.Driver(Driver.java:1)");
        } else if (path.startsWith("/api/careless/items/")) {
            send(exchange, 404, "application/problem+json", "{\"status\": 404, \"detail\": \"no such item\"}");
        } else if (path.equals("/api/careless/notes") && body.startsWith("{\"text\":\"x\"}")) {
            // a valid note is stored, whoever sent it
            notes.add(body);
            send(exchange, 201, "application/json", "{}");
        } else if (path.equals("/api/classifier/studies")) {
            send(exchange, 200, "application/json", "[" + notes.size() + "]");
        } else {
            // every other request served: lists are empty, notes accepted whoever sends them and however long
            send(exchange, 200, "application/json", "[]");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().add("Content-Security-Policy", "default-src 'none'");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void shouldReportAServerErrorAStackTraceARoleLetThroughAndAConstraintNotEnforced() throws Exception {
        // given the sweep pointed at the careless server (the document is served as the classifier's)
        HostileRequests sweep = new HostileRequests("http://127.0.0.1:" + server.getAddress().getPort(),
                roles -> "e30." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                        String.join(",", roles).getBytes(StandardCharsets.UTF_8)) + ".c2ln", HostileRequests.Sizes.SHORT);

        // when it runs
        Map<String, List<String>> findings = sweep.run().stream()
                .collect(Collectors.toMap(HostileRequests.Tally::category, HostileRequests.Tally::findings));

        // then each rule the server breaks is reported where it broke it
        assertThat(sweep.operations()).isEqualTo(2);
        assertThat(findings.get("values")).anySatisfy(f -> assertThat(f).contains("/items/").contains("500 instead of no 5xx"))
                .anySatisfy(f -> assertThat(f).contains("a stack trace in the answer"))
                .noneSatisfy(f -> assertThat(f).contains("etc%2Fpasswd"));
        assertThat(findings.get("roles")).anySatisfy(f -> assertThat(f).contains("POST /api/careless/notes")
                        .contains("as reader").contains("201 instead of 403"))
                .anySatisfy(f -> assertThat(f).contains("POST").contains("without a token").contains("201 instead of 401"));
        assertThat(findings.get("bodies")).anySatisfy(f -> assertThat(f).contains("text over its maxLength")
                        .contains("200 instead of 400"))
                .anySatisfy(f -> assertThat(f).contains("without the required text"));
        assertThat(findings.get("oversized")).anySatisfy(f -> assertThat(f).contains("200 instead of a 4xx"));
        assertThat(findings.get("headers")).anySatisfy(f -> assertThat(f).contains("alg none").contains("200 instead of 401"));
        // the reader's valid note was stored: what the server lists changed
        assertThat(findings.get("state")).anySatisfy(f -> assertThat(f).contains("GET /api/classifier/studies")
                .contains("changed during the sweep"));
    }
}
