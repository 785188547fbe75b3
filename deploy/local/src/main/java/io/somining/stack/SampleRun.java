package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The main job's second half, through the gateway like any client: ingests the samples the project
 * ships, waits until the pipeline has drained, and prints the figures so far.
 */
public final class SampleRun {

    /** The FSE 2020 artifact's questions and one real site dump, relative to the project's data/. */
    public static final List<String> SAMPLES = List.of("samples/fse2020-artifact", "samples/ai.stackexchange.com_2017-03");
    static final String STUDY = "fse2020";
    /** The artifact's released sets as a study: what its labels belong to. */
    static final String ARTIFACT_STUDY = "fse2020-artifact";
    /** The example study in YAML, not published at start: published by the chaos and load runs. */
    static final String EXAMPLE_STUDY = "classifier-service/src/main/resources/studies/examples/model-conversion.yaml";
    static final List<String> SETS = List.of("A", "B", "C", "D", "E", "N");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE_LIMIT_RETRIES = 5;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gateway;
    private final String token;
    private final PrintStream out;

    /** @param token a bearer token with the admin role (ingest is an admin's operation) */
    public SampleRun(String gateway, String token, PrintStream out) {
        this.gateway = gateway;
        this.token = token;
        this.out = out;
    }

    /** Starts an ingest job and waits for its end; answers the finished job. */
    public JsonNode ingest(String path, Duration timeout) {
        return awaitJob(start(path), timeout);
    }

    /** Starts an ingest job; answers its id. */
    public String start(String path) {
        return startJob("{\"path\":\"" + path + "\"}");
    }

    /** Starts an ingest job from a full request body; answers its id. */
    public String startJob(String requestJson) {
        return send("POST", "/api/ingest/jobs", requestJson, 202).get("id").asText();
    }

    /** The set sizes of the study on one site, as the metrics have them (null while unknown). */
    public JsonNode metricsSets(String site) {
        return getOrNull("/api/metrics/studies/" + STUDY + "/sets?site=" + site);
    }

    /** Pauses the publishing of a service's outbox (ingest, classifier, taxonomy), saying why; answers its status. */
    public JsonNode pauseOutbox(String service, String reason) {
        return send("PUT", "/api/" + service + "/outbox/pause", JSON.createObjectNode().put("reason", reason).toString(), 200);
    }

    public JsonNode resumeOutbox(String service) {
        return send("DELETE", "/api/" + service + "/outbox/pause", null, 200);
    }

    /** What waits in a service's outbox, and whether its publishing is paused. */
    public JsonNode outbox(String service) {
        return get("/api/" + service + "/outbox");
    }

    public JsonNode job(String id) {
        return get("/api/ingest/jobs/" + id);
    }

    /** Waits for a job's end; answers the job, or fails with its error. */
    public JsonNode awaitJob(String id, Duration timeout) {
        JsonNode job;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            job = getOrNull("/api/ingest/jobs/" + id);
            if (job == null) {
                // the ingest service may be restarting; its job resumes when it is back
                Waits.sleep(500);
                continue;
            }
            String state = job.get("state").asText();
            if (state.equals("SUCCEEDED")) {
                return job;
            }
            if (state.equals("FAILED")) {
                throw new StackException("ingest of " + job.get("path").asText() + " failed: " + job.get("error").asText());
            }
            Waits.sleep(500);
        }
        throw new StackException("ingest job " + id + " did not finish in " + timeout.toSeconds() + " s");
    }

    /**
     * Waits until every classified question reached the metrics and the counts stop moving; answers
     * the classifier's set sizes.
     */
    public JsonNode awaitDrained(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String previous = null;
        while (System.nanoTime() < deadline) {
            JsonNode classified = get("/api/classifier/studies/" + STUDY + "/counts").get("members");
            JsonNode metrics = getOrNull("/api/metrics/studies/" + STUDY + "/sets");
            String now = classified.toString();
            boolean caughtUp = metrics != null && classified.path("A").asLong() > 0
                    && metrics.get("sets").path("A").asLong() == classified.path("A").asLong();
            if (caughtUp && now.equals(previous)) {
                return classified;
            }
            previous = now;
            Waits.sleep(1000);
        }
        throw new StackException("the pipeline did not drain in " + timeout.toSeconds() + " s");
    }

    /**
     * The reconciliation of a site (ingest against classifier against metrics), once nothing is in flight any more;
     * answers the last one read when the timeout comes first.
     */
    public JsonNode awaitSettledConsistency(String site, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode consistency = get("/api/metrics/pipeline/consistency?site=" + site);
        while (!consistency.get("settled").asBoolean() && System.nanoTime() < deadline) {
            Waits.sleep(1000);
            consistency = get("/api/metrics/pipeline/consistency?site=" + site);
        }
        return consistency;
    }

    /** Prints a site's reconciliation: its figures and each difference, or that there is none. */
    void printConsistency(JsonNode consistency) {
        JsonNode ingest = consistency.get("ingest");
        JsonNode metrics = consistency.get("metrics");
        out.printf("  %-28s ingest %6d questions, %5d accepted answers stored; metrics %6d questions, %5d response times;"
                + " %s%n", consistency.get("site").asText(), ingest.get("questions").asLong(),
                ingest.get("acceptedAnswersStored").asLong(), metrics.get("questions").asLong(),
                metrics.get("responseTimes").asLong(), consistency.get("consistent").asBoolean() ? "consistent"
                        : consistency.get("differences").size() + " difference(s)"
                        + (consistency.get("settled").asBoolean() ? "" : " (events still in flight)"));
        for (JsonNode difference : consistency.get("differences")) {
            out.printf("    %s: %s %d, %s %d%n", difference.get("what").asText(), difference.get("expectedFrom").asText(),
                    difference.get("expected").asLong(), difference.get("foundIn").asText(), difference.get("found").asLong());
        }
    }

    public JsonNode trend(String site, String set) {
        return get("/api/metrics/studies/" + STUDY + "/sets/" + set + "/trend?site=" + site);
    }

    /** The artifact's labels and the alias table that maps its hand-typed labels, relative to data/. */
    static final String CATEGORIES = "samples/fse2020-artifact/category.xlsx";
    static final String ALIASES = "taxonomy/fse2020-category-aliases.csv";
    /** The artifact's browser set: the outcome of the paper's relevance review of the browser candidates. */
    static final String BROWSER_SET = "samples/fse2020-artifact/dl_browser_post.txt";

    /** Waits until the classifier holds the review's kept questions as E's reviewed members; answers them per set. */
    JsonNode awaitReviewed(long kept, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode reviewed = get("/api/classifier/studies/" + STUDY + "/counts").path("reviewed");
        while (reviewed.path("E").asLong() != kept && System.nanoTime() < deadline) {
            Waits.sleep(500);
            reviewed = get("/api/classifier/studies/" + STUDY + "/counts").path("reviewed");
        }
        return reviewed;
    }

    /**
     * Waits until every replay of a study's versions is over (a study shipped since the last start is
     * replayed over the questions already published, after the live consumer has drained).
     */
    public void awaitReclassified(String study, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode replays = get("/api/classifier/studies/" + study + "/reclassifications");
            boolean over = true;
            for (JsonNode replay : replays) {
                over &= !replay.get("state").asText().equals("RUNNING");
            }
            if (over && replays.size() > 0) {
                return;
            }
            Waits.sleep(500);
        }
        throw new StackException("the classifier did not finish classifying study " + study + " in " + timeout.toSeconds() + " s");
    }

    /**
     * Imports a spreadsheet of labels (each sheet a round of its set of the artifact's study) through
     * the taxonomy service, once the classifier holds that study's members; answers the import's report
     * (the same one again when it was imported before).
     */
    public JsonNode importLabels(java.nio.file.Path spreadsheet, java.nio.file.Path aliases, String sets) {
        awaitReclassified(ARTIFACT_STUDY, Duration.ofMinutes(5));
        try {
            return postImport(spreadsheet.getFileName().toString(), java.nio.file.Files.readAllBytes(spreadsheet),
                    Map.of("studyId", ARTIFACT_STUDY, "sets", sets), aliases.getFileName().toString(),
                    java.nio.file.Files.readAllBytes(aliases));
        } catch (IOException e) {
            throw new StackException("importing " + spreadsheet + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The method's path to the paper's browser set: the rules' E candidates (study fse2020) reviewed, with the
     * artifact's released browser set as the review's decisions (KEEP a candidate the paper kept, DROP the
     * others), imported as a relevance round; answers the import's report.
     */
    public JsonNode importBrowserReview(java.nio.file.Path releasedBrowserSet) {
        try {
            java.util.Set<String> kept = new java.util.HashSet<>();
            for (String line : java.nio.file.Files.readAllLines(releasedBrowserSet)) {
                if (!line.isBlank()) {
                    kept.add(JSON.readTree(line).get("Id").asText());
                }
            }
            StringBuilder csv = new StringBuilder("sheet,url,category\n");
            String after = null;
            do {
                JsonNode page = get("/api/classifier/studies/" + STUDY + "/sets/E/members?site=stackoverflow.com&limit=1000"
                        + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8)));
                for (JsonNode member : page.get("items")) {
                    String id = member.get("postId").asText();
                    csv.append("browser,https://stackoverflow.com/questions/").append(id).append(',')
                            .append(kept.contains(id) ? "KEEP" : "DROP").append('\n');
                }
                after = page.path("next").isTextual() ? page.get("next").asText() : null;
            } while (after != null);
            return postImport("fse2020-browser-review.csv", csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("studyId", STUDY, "sets", "browser=E", "kind", "RELEVANCE"), null, null);
        } catch (IOException e) {
            throw new StackException("reviewing the browser candidates failed: " + e.getMessage(), e);
        }
    }

    /** A multipart label import: the file, the form fields, and an alias table when given. */
    private JsonNode postImport(String fileName, byte[] file, Map<String, String> fields, String aliasesName, byte[] aliases) {
        String boundary = "so-mining-" + java.util.UUID.randomUUID();
        try {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            part(body, boundary, "file", fileName, file);
            if (aliases != null) {
                part(body, boundary, "aliases", aliasesName, aliases);
            }
            for (var field : new java.util.TreeMap<>(fields).entrySet()) {
                part(body, boundary, field.getKey(), null, field.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + "/api/taxonomy/label-imports"))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201 && response.statusCode() != 200) {
                throw new StackException("importing " + fileName + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StackException("importing " + fileName + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    private static void part(java.io.ByteArrayOutputStream body, String boundary, String name, String fileName, byte[] content)
            throws IOException {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\n"
                + (fileName == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n";
        body.write(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A category round's shares: one row per node, with its platform, count and share. */
    public JsonNode shares(String roundId) {
        return get("/api/taxonomy/rounds/" + roundId + "/shares");
    }

    /** Runs the samples end to end and prints where to look and the figures. */
    public void run(StackSettings settings) {
        out.println();
        out.println("Ingesting the samples through " + gateway + " ...");
        List<String> sites = new ArrayList<>();
        for (String sample : SAMPLES) {
            JsonNode job = ingest(sample, Duration.ofMinutes(10));
            sites.add(job.get("site").asText());
            out.printf("  %-40s %6d rows, %5d questions, %5d new or changed, %5d accepted answers linked%n", sample,
                    job.get("rowsRead").asLong(), job.get("questions").asLong(), job.get("changedQuestions").asLong(),
                    job.get("linkedAnswers").asLong());
        }
        JsonNode counts = awaitDrained(Duration.ofMinutes(5));
        out.println();
        out.println("Study " + STUDY + ", questions per set (all sites): " + counts);
        for (String site : sites) {
            out.println();
            out.println("Questions (and distinct askers) per year, " + site + ":");
            out.printf("  %-6s", "year");
            SETS.forEach(set -> out.printf("%14s", set));
            out.println();
            Map<Integer, Map<String, String>> table = new java.util.TreeMap<>();
            for (String set : SETS) {
                for (JsonNode year : trend(site, set).get("years")) {
                    table.computeIfAbsent(year.get("year").asInt(), y -> new java.util.HashMap<>())
                            .put(set, year.get("questions").asLong() + " (" + year.get("users").asLong() + ")");
                }
            }
            table.forEach((year, row) -> {
                out.printf("  %-6d", year);
                SETS.forEach(set -> out.printf("%14s", row.getOrDefault(set, "-")));
                out.println();
            });
        }
        out.println();
        out.println("Reconciliation (GET /api/metrics/pipeline/consistency?site=): what ingest stored, the classifier"
                + " classified and the metrics counted");
        for (String site : sites) {
            printConsistency(awaitSettledConsistency(site, Duration.ofMinutes(2)));
        }
        out.println();
        JsonNode labels = importLabels(settings.dumpsDir().resolve(CATEGORIES), settings.dumpsDir().resolve(ALIASES),
                "server=C,mobile=D,browser=E");
        out.println("The artifact's labels (" + CATEGORIES + ", mapped through " + ALIASES + "), inner categories:");
        for (JsonNode sheet : labels.get("sheets")) {
            out.printf("  %s (set %s of %s, %d questions, round %s)%n", sheet.get("platform").asText(),
                    sheet.get("setId").asText(), ARTIFACT_STUDY,
                    sheet.get("questions").asInt(), sheet.get("roundId").asText());
            for (JsonNode node : shares(sheet.get("roundId").asText())) {
                if (node.get("depth").asInt() == 1 && node.get("questions").asInt() > 0) {
                    out.printf("    %-34s %4d  %5.1f%%%n", node.get("name").asText(), node.get("questions").asInt(),
                            100 * node.get("share").asDouble());
                }
            }
        }
        JsonNode review = importBrowserReview(settings.dumpsDir().resolve(BROWSER_SET));
        long kept = 0;
        for (JsonNode mapping : review.get("sheets").get(0).get("mappings")) {
            kept += mapping.get("label").asText().equals("KEEP") ? mapping.get("rows").asLong() : 0;
        }
        JsonNode reviewed = awaitReviewed(kept, Duration.ofMinutes(2));
        out.println();
        List<String> decided = new ArrayList<>();
        review.get("sheets").get(0).get("mappings").forEach(m -> decided.add(m.get("rows").asInt() + " " + m.get("label").asText()));
        out.printf("The rules' browser candidates reviewed with the artifact's browser set as the decisions (round %s):%n"
                + "  %s; reviewed members of %s/E: %d%n", review.get("sheets").get(0).get("roundId").asText(),
                String.join(", ", decided), STUDY, reviewed.path("E").asLong());
        out.println();
        out.println("Where to look:");
        out.println("  web app     " + gateway + "/ (sign in as a demo user: alice researcher, bob and carol raters, ...)");
        out.println("  gateway     " + gateway + "/api/status (with a token)");
        out.println("  Swagger UI  " + gateway + "/swagger-ui");
        out.println("  a token     TOKEN=$(./suite token alice reader)   (roles: admin, researcher, rater, reader)");
        out.println("  a trend     curl -H \"Authorization: Bearer $TOKEN\" '" + gateway + "/api/metrics/studies/" + STUDY
                + "/sets/B/trend?site=stackoverflow.com'");
        out.println("  logs        " + settings.logs());
        out.println("  stop with   ./suite down");
    }

    JsonNode get(String path) {
        return send("GET", path, null, 200);
    }

    JsonNode getOrNull(String path) {
        try {
            return get(path);
        } catch (StackException e) {
            return null;
        }
    }

    private JsonNode send(String method, String path, String body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            // the gateway limits each caller's rate: wait as it says, a few times
            for (int retry = 0; response.statusCode() == 429 && retry < RATE_LIMIT_RETRIES; retry++) {
                Waits.sleep(1000L * response.headers().firstValueAsLong("Retry-After").orElse(1));
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() != expected) {
                throw new StackException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new StackException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
