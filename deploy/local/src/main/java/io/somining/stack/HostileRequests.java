package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.somining.contracts.Roles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Sends every operation of every OpenAPI document the gateway serves what careless and hostile clients send, the
 * cases generated from the documents (a new operation is covered without a new line here):
 * <ul>
 * <li><b>types</b>: a path or query parameter not of its type, a body that is no JSON or of the wrong shape;</li>
 * <li><b>values</b>: every path and query parameter set to SQL, path traversal, CR LF, NUL, bytes that are no
 * UTF-8, right-to-left overrides, huge numbers and long text;</li>
 * <li><b>bodies</b>: from each JSON body's schema, one declared constraint broken at a time (a required field
 * missing, a field of another type, a string over its maximum length or blank where it must not be, an array
 * with too many or too few items, an integer past its format) on an otherwise valid body; deep nesting;</li>
 * <li><b>oversized</b> and <b>slow</b> bodies, <b>headers</b> (a forged and a tampered token, no token, hostile
 * header values, a request that smuggles a second body);</li>
 * <li><b>roles</b>: every operation called, with real ids and a valid body, by each role it does not admit.</li>
 * </ul>
 * No answer may be a 5xx or carry a stack trace; an error is a problem document whose detail names no server path,
 * Java class or library; a broken declared constraint answers 400; a role an operation does not admit answers 403,
 * no token 401; and the state the stack lists (studies, rounds, taxonomies, label imports, jobs, outboxes) is the
 * same before and after. No maintained OpenAPI fuzzer is reachable from this build (CATS is not on Maven Central,
 * Schemathesis is Python and not packaged by Debian), hence the generator here.
 */
final class HostileRequests {

    /** How far the cases go: the CI's short form or the long one of {@code ./suite hostile --long}. */
    record Sizes(int longText, int oversizedMegabytes, int nesting, Duration slowBody, boolean slowEveryOperation) {
        static final Sizes SHORT = new Sizes(8 << 10, 3, 5_000, Duration.ofSeconds(3), false);
        static final Sizes LONG = new Sizes(64 << 10, 40, 100_000, Duration.ofSeconds(40), true);
    }

    /** One category's figures. */
    record Tally(String category, int operations, int cases, Map<Integer, Integer> answers,
            List<String> closed, List<String> findings) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java packages, exception classes, nested classes, the JSON reader's quoting of types. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta)\\.[a-z]|com\\.fasterxml|org\\.(apache|jboss|hibernate|postgresql|eclipse)"
                    + "|io\\.(quarkus|vertx|smallrye|somining|agroal)|[A-Za-z]Exception\\b|\\$[A-Z]|`");
    private static final Pattern SERVER_PATH = Pattern.compile("(^|[\\s'\"(])/(tmp|work|home|root|usr|var|opt)/");
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|Caused by: ");
    private static final List<String> DOCUMENTS = List.of("/q/openapi", "/api/ingest/q/openapi",
            "/api/classifier/q/openapi", "/api/metrics/q/openapi", "/api/taxonomy/q/openapi");
    /** What the stack lists, which no request of the sweep may change; per path, the fields compared (all: empty). */
    private static final Map<String, List<String>> STATE = Map.of("/api/classifier/studies", List.of(),
            "/api/taxonomy/rounds", List.of(), "/api/taxonomy/taxonomies", List.of(),
            "/api/taxonomy/label-imports", List.of(), "/api/ingest/jobs", List.of("id", "path", "site", "validateOnly"),
            "/api/ingest/outbox", List.of("paused"), "/api/classifier/outbox", List.of("paused"),
            "/api/taxonomy/outbox", List.of("paused"));
    /** A study every role but admin is refused to publish; were one let through, the studies listed would differ. */
    private static final String STUDY = "{\"id\":\"hostile-sweep\",\"version\":1,\"sets\":[{\"id\":\"A\",\"rule\":{\"always\":{}}}]}";

    private final String gateway;
    private final Function<List<String>, String> tokens;
    private final Sizes sizes;
    /** HTTP/1.1, as most clients speak it (the JDK's default would try an upgrade to HTTP/2 first). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> roleTokens = new LinkedHashMap<>();
    private final String everyRole;
    private JsonNode document;
    private Map<String, String> realIds;
    private int operations;
    private int documents;
    private int exchanges;
    private final List<String> slowReport = new ArrayList<>();

    /** @param tokens issues a token carrying the given roles (each call may be a new user) */
    HostileRequests(String gateway, Function<List<String>, String> tokens, Sizes sizes) {
        this.gateway = gateway;
        this.tokens = tokens;
        this.sizes = sizes;
        this.everyRole = tokens.apply(Roles.ALL);
        Roles.ALL.forEach(role -> roleTokens.put(role, tokens.apply(List.of(role))));
    }

    /** Runs every case; answers the figures per category, findings included (none when every answer was right). */
    List<Tally> run() throws IOException, InterruptedException {
        Map<String, String> before = state();
        realIds = realIds();
        for (String path : DOCUMENTS) {
            HttpResponse<String> served = send("GET", path + "?format=json", null, null, everyRole, Map.of());
            if (served.statusCode() != 200) {
                finding("documents", "GET " + path, "answered " + served.statusCode() + ": its operations were not swept");
                continue;
            }
            documents++;
            document = JSON.readTree(served.body());
            String base = document.path("servers").path(0).path("url").asText("").replaceAll("/$", "");
            boolean slowDone = false;
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> entry = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> methods = entry.getValue().fields(); methods.hasNext();) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    if (!method.getValue().isObject() || method.getKey().equals("parameters")) {
                        continue;
                    }
                    operations++;
                    Operation operation = new Operation(base, entry.getKey(), method.getKey().toUpperCase(Locale.ROOT),
                            method.getValue(), parameters(entry.getValue().path("parameters"), method.getValue()));
                    types(operation);
                    values(operation);
                    bodies(operation);
                    roles(operation);
                    if (operation.jsonBody() && (sizes.slowEveryOperation() || !slowDone)) {
                        slowDone = slowBody(operation);
                    }
                }
            }
        }
        headers();
        Map<String, String> after = state();
        before.forEach((path, listed) -> {
            if (!listed.equals(after.get(path))) {
                finding("state", "GET " + path, "changed during the sweep: before " + abbreviated(listed) + ", after "
                        + abbreviated(after.get(path)));
            }
        });
        tally("state").cases++;
        return counters.values().stream().map(Counter::tally).toList();
    }

    int operations() {
        return operations;
    }

    /** The concurrent request's answer time while each slow body trickled in, one line per slow body. */
    List<String> slowReport() {
        return slowReport;
    }

    /** HTTP exchanges sent, every retry after a 429 and every read of documents, ids and state included. */
    int exchanges() {
        return exchanges;
    }

    /** Prints the table of {@link #run()}'s figures and every finding. */
    static void print(HostileRequests sweep, List<Tally> tallies, PrintStream out) {
        out.printf("Hostile requests: %d operations of %d OpenAPI documents; %d HTTP exchanges in all%n",
                sweep.operations(), sweep.documents, sweep.exchanges());
        out.printf("%-12s %11s %8s %9s  %s%n", "category", "operations", "cases", "findings",
                "answers (status: how many; 0: the connection closed)");
        int cases = 0;
        int findings = 0;
        for (Tally tally : tallies) {
            out.printf("%-12s %11d %8d %9d  %s%n", tally.category(), tally.operations(), tally.cases(),
                    tally.findings().size(), tally.answers());
            cases += tally.cases();
            findings += tally.findings().size();
        }
        out.printf("%-12s %11s %8d %9d%n", "all", "", cases, findings);
        List<String> slow = sweep.slowReport();
        slow.forEach(line -> out.println("  slow body: " + line));
        tallies.forEach(tally -> tally.closed().forEach(request -> out.println("  closed without an answer: " + request)));
        tallies.forEach(tally -> tally.findings().forEach(finding -> out.println("  " + tally.category() + ": " + finding)));
    }

    // ---- the categories

    private void types(Operation operation) throws IOException, InterruptedException {
        for (JsonNode parameter : operation.parameters()) {
            String bad = malformed(schema(parameter));
            String where = parameter.path("in").asText();
            if (bad == null || !where.equals("path") && !where.equals("query")) {
                continue;
            }
            String name = parameter.path("name").asText();
            check("types", operation, operation.url(name, bad, false), null, null, everyRole, Map.of(), Expect.status(400),
                    name + "=" + bad);
        }
        JsonNode content = operation.content();
        if (content.has("application/json")) {
            check("types", operation, operation.url(null, null, false), "application/json", "{\"unclosed\": [1, 2", everyRole,
                    Map.of(), Expect.status(400), "a body that is no JSON");
            check("types", operation, operation.url(null, null, false), "application/json", "[[[]]]", everyRole, Map.of(),
                    Expect.status(400), "a body of the wrong shape");
        } else if (content.has("multipart/form-data")) {
            check("types", operation, operation.url(null, null, false), "application/json", "{}", everyRole, Map.of(),
                    Expect.clientError(), "JSON where a form is expected");
        }
    }

    /** Hostile text in every path and query parameter, whatever its type: refused or harmless, never a 5xx. */
    private void values(Operation operation) throws IOException, InterruptedException {
        List<String> hostile = List.of("' OR '1'='1' --", "1; DROP TABLE question; --", "../../../../etc/passwd",
                "..%2F..%2F..%2Fetc%2Fpasswd", "\u0000", "\r\nX-Injected: yes", "\u202Egnp.exe", "e\u0301\uD83D\uDC4D\uD83C\uDFFD",
                "99999999999999999999999999", "-9223372036854775809", "1e309", "NaN", "-1", "%", "x".repeat(sizes.longText()));
        for (JsonNode parameter : operation.parameters()) {
            String where = parameter.path("in").asText();
            if (!where.equals("path") && !where.equals("query")) {
                continue;
            }
            String name = parameter.path("name").asText();
            for (String value : hostile) {
                check("values", operation, operation.url(name, value, false), null, null, everyRole, Map.of(),
                        value.length() > 1000 ? Expect.notServerError().orClosed() : Expect.notServerError(),
                        name + "=" + describe(value));
            }
            // a traversal as it is, not percent-encoded: for the server to resolve, not the client
            check("values", operation, operation.url(name, "../../../../etc/passwd", true), null, null, everyRole, Map.of(),
                    Expect.notServerError(), name + "=../../../../etc/passwd (not encoded)");
            // bytes that are no UTF-8 (a lone surrogate's encoding, 0xFF), sent percent-encoded as they are
            for (String raw : List.of("%ED%A0%80", "%FF%FE")) {
                check("values", operation, operation.url(name, raw, true), null, null, everyRole, Map.of(),
                        Expect.notServerError(), name + "=" + raw + " (no UTF-8)");
            }
        }
    }

    /** One declared constraint of the JSON body broken at a time on an otherwise valid body, then deep nesting. */
    private void bodies(Operation operation) throws IOException, InterruptedException {
        if (!operation.jsonBody()) {
            return;
        }
        String url = operation.url(null, null, false);
        check("bodies", operation, url, "application/json", "[".repeat(sizes.nesting()) + "]".repeat(sizes.nesting()),
                everyRole, Map.of(), Expect.clientError().orClosed(), "arrays nested " + sizes.nesting() + " deep");
        String oversized = "{\"padding\":\"" + "x".repeat(sizes.oversizedMegabytes() << 20) + "\"}";
        check("oversized", operation, url, "application/json", oversized, everyRole, Map.of(),
                Expect.clientError().orClosed(), sizes.oversizedMegabytes() + " MB body");
        JsonNode schema = resolve(operation.content().path("application/json").path("schema"));
        if (!schema.has("properties")) {
            return;
        }
        ObjectNode valid = (ObjectNode) validValue(schema);
        Required required = new Required(schema.path("required"));
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext();) {
            Map.Entry<String, JsonNode> property = properties.next();
            String name = property.getKey();
            JsonNode declared = resolve(property.getValue());
            Map<String, JsonNode> broken = new LinkedHashMap<>();
            if (required.contains(name)) {
                broken.put("without the required " + name, null);
            }
            broken.put(name + " of another type", otherType(declared));
            String type = declared.path("type").asText();
            if (type.equals("string") && declared.has("maxLength")) {
                broken.put(name + " over its maxLength", JSON.valueToTree("x".repeat(declared.path("maxLength").asInt() + 1)));
            }
            if (type.equals("string") && "\\S".equals(declared.path("pattern").asText())) {
                broken.put(name + " blank", JSON.valueToTree(" \t "));
            }
            if (type.equals("array") && declared.has("maxItems") && declared.path("maxItems").asInt() <= 1_000_000) {
                broken.put(name + " over its maxItems", items(declared, declared.path("maxItems").asInt() + 1));
            }
            if (type.equals("array") && declared.path("minItems").asInt() > 0) {
                broken.put(name + " under its minItems", items(declared, declared.path("minItems").asInt() - 1));
            }
            if (type.equals("integer") && "int32".equals(declared.path("format").asText())) {
                broken.put(name + " past int32", JSON.valueToTree(1L << 40));
            }
            for (Map.Entry<String, JsonNode> fault : broken.entrySet()) {
                ObjectNode body = valid.deepCopy();
                if (fault.getValue() == null) {
                    body.remove(name);
                } else {
                    body.set(name, fault.getValue());
                }
                // an unknown field beside the fault must not change the answer
                body.put("unexpectedField", "x");
                check("bodies", operation, url, "application/json", JSON.writeValueAsString(body), everyRole, Map.of(),
                        Expect.constraint(), fault.getKey());
            }
            // a valid body could change state: sent only where a path names what does not exist (PUT may create it)
            if (type.equals("string") && url.contains("no-such-") && !operation.method().equals("PUT")) {
                ObjectNode body = valid.deepCopy();
                body.put(name, "MARK");
                // the JSON escapes as text: a JSON writer would turn the lone surrogate into '?'
                String text = JSON.writeValueAsString(body).replace("MARK", "\\u0000\\uD800\\u202E");
                check("bodies", operation, url, "application/json", text, everyRole, Map.of(),
                        Expect.notServerError(), name + " with NUL, a lone surrogate and an RTL override");
            }
        }
    }

    /** Every role the operation does not admit, with real ids and a valid body, is refused; so is no token. */
    private void roles(Operation operation) throws IOException, InterruptedException {
        JsonNode security = operation.spec().path("security");
        if (security.isEmpty()) {
            return;
        }
        List<String> admitted = new ArrayList<>();
        security.forEach(requirement -> requirement.fields().forEachRemaining(
                scheme -> scheme.getValue().forEach(role -> admitted.add(role.asText()))));
        String url = operation.url(null, null, false, realIds);
        String contentType = null;
        String body = null;
        JsonNode content = operation.content();
        if (content.has("application/json")) {
            JsonNode schema = resolve(content.path("application/json").path("schema"));
            contentType = "application/json";
            body = schema.has("properties") ? JSON.writeValueAsString(validValue(schema)) : STUDY;
        } else if (content.has("multipart/form-data")) {
            contentType = "multipart/form-data; boundary=b";
            body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\nx\r\n--b--\r\n";
        }
        for (String role : Roles.ALL) {
            if (!admitted.contains(role)) {
                check("roles", operation, url, contentType, body, roleTokens.get(role), Map.of(), Expect.status(403),
                        "as " + role + ", which it does not admit");
            }
        }
        check("roles", operation, url, contentType, body, null, Map.of(), Expect.status(401), "without a token");
    }

    /** A body trickled in byte by byte while another client asks for something; the slow one may not hold it up. */
    private boolean slowBody(Operation operation) throws IOException, InterruptedException {
        byte[] body = "{\"unclosed\": \"".concat("x".repeat(40)).getBytes(StandardCharsets.UTF_8);
        long pause = sizes.slowBody().toMillis() / body.length;
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + operation.url(null, null, false)))
                .timeout(sizes.slowBody().plusSeconds(60)).header("Authorization", "Bearer " + everyRole)
                .header("Content-Type", "application/json")
                .method(operation.method(), HttpRequest.BodyPublishers.ofInputStream(() -> new TrickleStream(body, pause)))
                .build();
        var slow = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        Thread.sleep(sizes.slowBody().toMillis() / 2);
        long started = System.nanoTime();
        HttpResponse<String> other = send("GET", "/api/classifier/studies", null, null, roleTokens.get(Roles.READER), Map.of());
        double millis = (System.nanoTime() - started) / 1e6;
        Counter counter = tally("slow");
        String what = operation.method() + " " + operation.base() + operation.template();
        counter.cases++;
        counter.seen(what);
        if (other.statusCode() != 200) {
            finding("slow", what, "another client's GET /api/classifier/studies answered " + other.statusCode()
                    + " while the body trickled in");
        }
        try {
            HttpResponse<String> answer = slow.get();
            verify("slow", operation.method() + " " + operation.url(null, null, false), answer, Expect.clientError(),
                    "a body trickled over " + sizes.slowBody().toSeconds() + " s");
            slowReport.add(String.format(Locale.ROOT, "%s over %d s: %d; another client's request meanwhile %.0f ms", what,
                    sizes.slowBody().toSeconds(), answer.statusCode(), millis));
        } catch (java.util.concurrent.ExecutionException e) {
            // the server may drop a connection that sends too slowly: refused, not served
            slowReport.add(String.format(Locale.ROOT, "%s over %d s: connection closed (%s); another client's request"
                    + " meanwhile %.0f ms", what, sizes.slowBody().toSeconds(), e.getCause().getClass().getSimpleName(), millis));
        }
        return true;
    }

    /** Hostile headers on operations every role may read, tokens forged and tampered, and two requests at the socket. */
    private void headers() throws IOException, InterruptedException {
        String payload = everyRole.split("\\.")[1];
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"
                .getBytes(StandardCharsets.UTF_8)) + "." + payload + ".";
        String reader = roleTokens.get(Roles.READER);
        // a reader's signature under the payload of a token with every role
        String tampered = reader.split("\\.")[0] + "." + payload + "." + reader.split("\\.")[2];
        Operation status = new Operation("", "/api/status", "GET", JSON.createObjectNode(), List.of());
        Operation studies = new Operation("/api/classifier", "/studies", "GET", JSON.createObjectNode(), List.of());
        for (Operation operation : List.of(status, studies)) {
            String url = operation.url(null, null, false);
            check("headers", operation, url, null, null, forged, Map.of(), Expect.status(401), "a token signed with alg none");
            check("headers", operation, url, null, null, tampered, Map.of(), Expect.status(401),
                    "a reader's signature on a payload with every role");
            check("headers", operation, url, null, null, "x".repeat(sizes.longText()), Map.of(),
                    Expect.clientError().orClosed(), "a token of " + sizes.longText() + " characters");
            check("headers", operation, url, null, null, everyRole,
                    Map.of("X-Forwarded-For", "' OR 1=1 --, 999.999.999.999", "Accept-Language", "../../etc/passwd"),
                    Expect.notServerError(), "SQL in X-Forwarded-For, a path in Accept-Language");
            check("headers", operation, url, null, null, everyRole, Map.of("Accept", "../../../etc/passwd"),
                    Expect.notServerError(), "a path as Accept");
            check("headers", operation, url, null, null, everyRole, Map.of("X-Padding", "x".repeat(64 << 10)),
                    Expect.clientError().orClosed(), "a 64 KB header");
        }
        rawRequest("Content-Length and Transfer-Encoding both (request smuggling)",
                "POST /api/metrics/statistics/summary HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + everyRole
                        + "\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\nGET /api/status HTTP/1.1\r\nHost: localhost\r\n\r\n");
        rawRequest("a header folded over two lines",
                "GET /api/status HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + everyRole
                        + "\r\nX-Folded: a\r\n b\r\nConnection: close\r\n\r\n");
    }

    /** Sends bytes as they are (no client library would) and requires a refusal or one answer, never a 5xx. */
    private void rawRequest(String what, String request) throws IOException {
        URI uri = URI.create(gateway);
        Counter counter = tally("headers");
        counter.cases++;
        StringBuilder answers = new StringBuilder();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            // until the server closes, or says nothing more for 5 s
            for (int n; (n = in.read(buffer)) > 0; ) {
                answers.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
        } catch (java.net.SocketTimeoutException e) {
            // what came before the silence is judged below
        } catch (IOException e) {
            finding("headers", what, "the connection failed: " + e.getMessage());
            return;
        }
        java.util.regex.Matcher status = Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3})").matcher(answers);
        int answered = 0;
        while (status.find()) {
            answered++;
            int code = Integer.parseInt(status.group(1));
            counter.answers.merge(code, 1, Integer::sum);
            if (code >= 500) {
                finding("headers", what, "answered " + code);
            }
        }
        if (answered == 0) {
            finding("headers", what, "no answer within 5 s");
        } else if (answered > 1 && what.contains("smuggling")) {
            finding("headers", what, "the request hidden behind the first was answered too");
        }
    }

    // ---- checking an answer

    /** What an answer must be. */
    record Expect(int status, boolean anyClientError, boolean brokenConstraint, boolean refusable) {
        static Expect status(int status) {
            return new Expect(status, false, false, false);
        }

        static Expect clientError() {
            return new Expect(0, true, false, false);
        }

        /** A declared constraint broken: 400, or 413 when breaking it made the body too large. */
        static Expect constraint() {
            return new Expect(400, false, true, false);
        }

        static Expect notServerError() {
            return new Expect(0, false, false, false);
        }

        /** The same, or the connection closed without an answer: how an HTTP layer may refuse a size. */
        Expect orClosed() {
            return new Expect(status, anyClientError, brokenConstraint, true);
        }

        boolean holds(int answered) {
            if (brokenConstraint) {
                return answered == 400 || answered == 413;
            }
            if (status != 0) {
                return answered == status;
            }
            return anyClientError ? answered >= 400 && answered < 500 : answered < 500;
        }

        @Override
        public String toString() {
            return brokenConstraint ? "400" : status != 0 ? Integer.toString(status) : anyClientError ? "a 4xx" : "no 5xx";
        }
    }

    private void check(String category, Operation operation, String url, String contentType, String body, String token,
            Map<String, String> headers, Expect expect, String what) throws IOException, InterruptedException {
        Counter counter = tally(category);
        counter.cases++;
        counter.seen(operation.method() + " " + operation.base() + operation.template());
        HttpResponse<String> answer;
        try {
            answer = send(operation.method(), url, contentType, body, token, headers);
        } catch (java.net.http.HttpTimeoutException e) {
            finding(category, operation.method() + " " + abbreviated(url) + " (" + what + ")", "no answer within 60 s");
            return;
        } catch (IOException e) {
            // the connection closed instead of an answer: how the HTTP layer may refuse a size, and nothing else
            counter.answers.merge(0, 1, Integer::sum);
            counter.closed.add(operation.method() + " " + operation.base() + operation.template() + " (" + what + ")");
            if (!expect.refusable()) {
                finding(category, operation.method() + " " + abbreviated(url) + " (" + what + ")",
                        "the connection closed instead of " + expect + ": " + e.getMessage());
            }
            return;
        }
        verify(category, operation.method() + " " + abbreviated(url), answer, expect, what);
    }

    private void verify(String category, String request, HttpResponse<String> answer, Expect expect, String what)
            throws IOException {
        String where = request + " (" + what + ")";
        int status = answer.statusCode();
        tally(category).answers.merge(status, 1, Integer::sum);
        if (status == 429) {
            finding(category, where, "still 429 after 20 retries: the case was never judged");
            return;
        }
        String body = answer.body() == null ? "" : answer.body();
        if (!expect.holds(status)) {
            finding(category, where, status + " instead of " + expect + ": " + abbreviated(body));
        }
        if (STACK_TRACE.matcher(body).find()) {
            finding(category, where, "a stack trace in the answer");
        }
        if (body.contains("root:x:0:0")) {
            finding(category, where, "a server file in the answer");
        }
        if (answer.headers().firstValue("X-Injected").isPresent()) {
            finding(category, where, "a header injected into the answer");
        }
        boolean codecRefusal = status == 413 || status == 414 || status == 431;
        if (status >= 400 && !(codecRefusal && body.isEmpty())) {
            if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                finding(category, where, answer.headers().firstValue("Content-Type").orElse("no Content-Type")
                        + ", not a problem document");
            } else {
                JsonNode problem = JSON.readTree(body);
                String detail = problem.path("detail").asText("") + " " + problem.path("errors").toString();
                if (problem.path("status").asInt() != status) {
                    finding(category, where, "the problem says status " + problem.path("status") + ", the answer " + status);
                }
                if (INTERNALS.matcher(detail).find() || SERVER_PATH.matcher(detail).find()) {
                    finding(category, where, "the detail names internals: " + abbreviated(detail));
                }
            }
        }
        if (!codecRefusal && (!"nosniff".equals(answer.headers().firstValue("X-Content-Type-Options").orElse(null))
                || answer.headers().firstValue("Content-Security-Policy").isEmpty())) {
            finding(category, where, "security headers missing");
        }
        answer.headers().firstValue("Location").filter(location -> !location.startsWith("/api/"))
                .ifPresent(location -> finding(category, where, "Location " + location + " is not under /api/"));
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body, String token,
            Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        // the gateway limits requests per user: wait as it says, then ask again
        boolean resent = false;
        for (int attempt = 0; ; attempt++) {
            exchanges++;
            HttpResponse<String> answer;
            try {
                answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // a kept-alive connection the server closed after its last answer (it does after refusing a malformed
                // request) fails the next request sent on it before any byte: sent once more, on a new connection
                if (resent || !String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                resent = true;
                continue;
            }
            if (answer.statusCode() != 429 || attempt == 20) {
                return answer;
            }
            Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
        }
    }

    // ---- the stack's state and real ids

    /** What the stack lists, per path, reduced to the fields that only a request may change. */
    private Map<String, String> state() throws IOException, InterruptedException {
        Map<String, String> state = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> listed : new java.util.TreeMap<>(STATE).entrySet()) {
            HttpResponse<String> read = send("GET", listed.getKey(), null, null, everyRole, Map.of());
            if (read.statusCode() != 200) {
                throw new StackException("GET " + listed.getKey() + " answered " + read.statusCode() + ": the state to compare cannot be read");
            }
            JsonNode answer = JSON.readTree(read.body());
            state.put(listed.getKey(), JSON.writeValueAsString(kept(answer, listed.getValue())));
        }
        return state;
    }

    private static JsonNode kept(JsonNode node, List<String> fields) {
        if (fields.isEmpty()) {
            return node;
        }
        if (node.isArray()) {
            ArrayNode kept = JSON.createArrayNode();
            node.forEach(item -> kept.add(kept(item, fields)));
            return kept;
        }
        ObjectNode kept = JSON.createObjectNode();
        fields.forEach(field -> kept.set(field, node.path(field)));
        return kept;
    }

    /** Ids the stack holds, by path parameter name (and, for "id", by the collection before it). */
    private Map<String, String> realIds() throws IOException, InterruptedException {
        Map<String, String> ids = new LinkedHashMap<>();
        JsonNode studies = get("/api/classifier/studies");
        ids.put("studyId", studies.path(0).path("id").asText("fse2020"));
        ids.put("set", "A");
        ids.put("setId", "A");
        ids.put("version", "1");
        JsonNode question = get("/api/ingest/questions?limit=1").path("items").path(0);
        ids.put("site", question.path("site").asText("stackoverflow.com"));
        ids.put("postId", question.path("id").asText("1"));
        ids.put("rounds.id", get("/api/taxonomy/rounds").path(0).path("id").asText());
        ids.put("taxonomies.id", get("/api/taxonomy/taxonomies").path(0).path("id").asText());
        ids.put("jobs.id", get("/api/ingest/jobs").path(0).path("id").asText());
        ids.put("label-imports.id", get("/api/taxonomy/label-imports").path(0).path("id").asText());
        JsonNode report = get("/reports").path(0);
        ids.put("study", report.path("study").asText());
        ids.put("file", report.path("files").path(0).asText());
        ids.put("eventType", "QuestionClassified");
        ids.values().removeIf(String::isEmpty);
        return ids;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = send("GET", path, null, null, everyRole, Map.of());
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.missingNode();
    }

    // ---- the documents

    /** An operation of a document, its parameters (path level and its own). */
    private record Operation(String base, String template, String method, JsonNode spec, List<JsonNode> parameters) {

        JsonNode content() {
            return spec.path("requestBody").path("content");
        }

        boolean jsonBody() {
            return content().has("application/json");
        }

        String url(String name, String value, boolean raw) {
            return url(name, value, raw, Map.of());
        }

        /**
         * The operation's URL with every path parameter and every required query parameter filled with a value of its
         * type (from {@code ids} when it names one), but {@code value} for the parameter {@code name}: percent-encoded,
         * or as it is when {@code raw}.
         */
        String url(String name, String value, boolean raw, Map<String, String> ids) {
            String path = template;
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : parameters) {
                String in = parameter.path("in").asText();
                String parameterName = parameter.path("name").asText();
                boolean chosen = parameterName.equals(name);
                if (!in.equals("path") && !(in.equals("query") && (chosen || parameter.path("required").asBoolean()))) {
                    continue;
                }
                String filled = chosen ? (raw ? value : encode(value))
                        : encode(ids.getOrDefault(collection(parameterName),
                                ids.getOrDefault(parameterName, wellFormed(parameter, parameterName))));
                if (in.equals("path")) {
                    path = path.replace("{" + parameterName + "}", filled);
                } else {
                    query.append(query.isEmpty() ? "?" : "&").append(parameterName).append('=').append(filled);
                }
            }
            return base + path + query;
        }

        /** "rounds.id" for the id of /rounds/{id}: an id names the collection it follows. */
        private String collection(String parameterName) {
            int at = template.indexOf("/{" + parameterName + "}");
            return at <= 0 ? parameterName : template.substring(template.lastIndexOf('/', at - 1) + 1, at) + "." + parameterName;
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    private List<JsonNode> parameters(JsonNode shared, JsonNode operation) {
        List<JsonNode> parameters = new ArrayList<>();
        shared.forEach(parameters::add);
        operation.path("parameters").forEach(parameters::add);
        // resolved here, once: the operation record does not see the document
        List<JsonNode> resolved = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            ObjectNode copy = parameter.deepCopy();
            copy.set("schema", schema(parameter));
            resolved.add(copy);
        }
        return resolved;
    }

    /** A parameter's schema, references and a first allOf resolved (a default wraps a reference in allOf). */
    private JsonNode schema(JsonNode parameter) {
        JsonNode schema = parameter.path("schema");
        if (schema.has("allOf")) {
            schema = schema.path("allOf").path(0);
        }
        return resolve(schema);
    }

    private JsonNode resolve(JsonNode schema) {
        return schema.has("$ref") ? document.at(schema.path("$ref").asText().substring(1)) : schema;
    }

    private static String wellFormed(JsonNode parameter, String name) {
        JsonNode schema = parameter.path("schema");
        return schema.has("enum") ? schema.path("enum").path(0).asText()
                : "uuid".equals(schema.path("format").asText()) ? "00000000-0000-4000-8000-000000000000"
                : schema.path("type").asText().matches("integer|number") ? "1"
                : "no-such-" + name.toLowerCase(Locale.ROOT);
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

    /** A value the schema admits: its example, the first of an alternation pattern, or the least of its kind. */
    private JsonNode validValue(JsonNode schema) {
        schema = resolve(schema);
        if (schema.has("examples")) {
            return schema.path("examples").path(0);
        }
        if (schema.has("enum")) {
            return schema.path("enum").path(0);
        }
        switch (schema.path("type").asText()) {
            case "object" -> {
                ObjectNode object = JSON.createObjectNode();
                Required required = new Required(schema.path("required"));
                schema.path("properties").fields().forEachRemaining(property -> {
                    if (required.contains(property.getKey())) {
                        object.set(property.getKey(), validValue(property.getValue()));
                    }
                });
                return object;
            }
            case "array" -> {
                return items(schema, Math.max(1, schema.path("minItems").asInt()));
            }
            case "integer", "number" -> {
                return JSON.valueToTree(1);
            }
            case "boolean" -> {
                return JSON.valueToTree(true);
            }
            default -> {
                String pattern = schema.path("pattern").asText("");
                return JSON.valueToTree(pattern.matches("[A-Z_]+(\\|[A-Z_]+)*") ? pattern.split("\\|")[0] : "x");
            }
        }
    }

    private ArrayNode items(JsonNode arraySchema, int count) {
        ArrayNode array = JSON.createArrayNode();
        JsonNode item = validValue(arraySchema.path("items"));
        for (int i = 0; i < count; i++) {
            array.add(item);
        }
        return array;
    }

    /** A value of another JSON type than the schema's, one Jackson does not coerce. */
    private static JsonNode otherType(JsonNode schema) {
        return switch (schema.path("type").asText()) {
            case "string", "array" -> JSON.createObjectNode().put("not", "this type");
            case "integer", "number" -> JSON.valueToTree("abc");
            case "boolean" -> JSON.valueToTree("maybe");
            default -> JSON.valueToTree(List.of(1, 2));
        };
    }

    /** The names a schema lists as required. */
    private static final class Required {
        private final java.util.Set<String> names = new java.util.HashSet<>();

        Required(JsonNode required) {
            required.forEach(name -> names.add(name.asText()));
        }

        boolean contains(String name) {
            return names.contains(name);
        }
    }

    // ---- figures

    private static final class Counter {
        private final String category;
        private final java.util.Set<String> operations = new java.util.HashSet<>();
        private final List<String> findings = new ArrayList<>();
        private final Map<Integer, Integer> answers = new java.util.TreeMap<>();
        private final List<String> closed = new ArrayList<>();
        private int cases;

        Counter(String category) {
            this.category = category;
        }

        void seen(String operation) {
            operations.add(operation);
        }

        Tally tally() {
            return new Tally(category, operations.size(), cases, java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(answers)),
                    List.copyOf(closed), List.copyOf(findings));
        }
    }

    private final Map<String, Counter> counters = new LinkedHashMap<>();

    private Counter tally(String category) {
        return counters.computeIfAbsent(category, Counter::new);
    }

    private void finding(String category, String where, String what) {
        tally(category).findings.add(where + ": " + what);
    }

    private static String describe(String value) {
        if (value.length() > 40) {
            return value.length() + " characters";
        }
        StringBuilder shown = new StringBuilder();
        value.codePoints().forEach(c -> shown.append(c < 0x20 || c == 0x202E ? String.format("\\u%04X", c)
                : new String(Character.toChars(c))));
        return shown.toString();
    }

    private static String abbreviated(String text) {
        return text == null ? "null" : text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** Gives out its bytes one at a time with a pause before each: a client on a bad line, or an attacker. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private final long pauseMillis;
        private int next;

        TrickleStream(byte[] bytes, long pauseMillis) {
            this.bytes = bytes;
            this.pauseMillis = pauseMillis;
        }

        @Override
        public int read() throws IOException {
            if (next == bytes.length) {
                return -1;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            return bytes[next++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            int b = read();
            if (b < 0) {
                return -1;
            }
            buffer[offset] = (byte) b;
            return 1;
        }
    }
}
