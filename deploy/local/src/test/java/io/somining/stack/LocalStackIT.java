package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.somining.contracts.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole suite as its users run it: real PostgreSQL and Kafka servers and the packaged services
 * started by the local stack, a real dump ingested through the gateway, and the figures read back
 * through the gateway compared with figures this test computes from the file itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String DUMP = "samples/ai.stackexchange.com_2017-03";
    /** The same site three months earlier: loaded before DUMP, its questions change or go in DUMP. */
    private static final String OLDER_DUMP = "samples/ai.stackexchange.com_2016-12";
    private static final String ARTIFACT = "samples/fse2020-artifact";
    private static final List<String> ARTIFACT_FILES = List.of("dl_browser_post.txt", "dl_mobile_post.txt",
            "dl_server_post.txt");
    private static final String SITE = "ai.stackexchange.com";
    private static final List<String> DL_FRAMEWORKS = List.of("tensorflow", "keras", "pytorch", "theano", "caffe");

    private static LocalStack stack;
    private static SampleRun client;
    private static Path runDir;
    private static Path root;
    private static String token;

    private static final String SYNTHETIC = "synthetic.example_2024-01";
    /** Posts whose bodies try to run script in whoever reads them. */
    private static final String HOSTILE = "hostile.example_2024-01";
    private static SyntheticDump.Stats synthetic;

    @BeforeAll
    static void startTheStack() throws IOException {
        root = Path.of(System.getProperty("suite.root", "../..")).toAbsolutePath().normalize();
        runDir = Files.createTempDirectory("suite-it-");
        // the ingest service reads from a folder of the test's own: the real dump, and a synthetic one
        Path dumps = Files.createDirectories(runDir.resolve("dumps"));
        for (String dump : List.of(DUMP, OLDER_DUMP)) {
            Path real = Files.createDirectories(dumps.resolve(dump));
            Files.copy(root.resolve("data").resolve(dump).resolve("Posts.xml"), real.resolve("Posts.xml"));
        }
        Path artifact = Files.createDirectories(dumps.resolve(ARTIFACT));
        for (String file : ARTIFACT_FILES) {
            Files.copy(root.resolve("data").resolve(ARTIFACT).resolve(file), artifact.resolve(file));
        }
        synthetic = SyntheticDump.write(dumps.resolve(SYNTHETIC).resolve("Posts.xml"), 24L << 20, 2020);
        writeHostileDump(dumps.resolve(HOSTILE).resolve("Posts.xml"));
        Map<String, String> env = new HashMap<>();
        env.put("SUITE_RUN_DIR", runDir.toString());
        // a reproduction report of the test's own (the project's reproduction/ exists only after ./suite up)
        Path report = Files.createDirectories(runDir.resolve("reproduction").resolve("fse2020"));
        Files.writeString(report.resolve("index.html"), "<!DOCTYPE html><html lang=\"en\"><title>Reproduction</title>"
                + "<h1>Reproduction: the test's report</h1></html>");
        Files.writeString(report.resolve("report.md"), "# Reproduction: the test's report\n");
        env.put("SUITE_REPORTS_DIR", runDir.resolve("reproduction").toString());
        env.put("SUITE_DUMPS_DIR", dumps.toString());
        for (String name : List.of("POSTGRES", "KAFKA", "KAFKA_CONTROLLER", "INGEST", "CLASSIFIER", "METRICS",
                "TAXONOMY", "GATEWAY")) {
            env.put("SUITE_" + name + "_PORT", Integer.toString(TestFolders.freePort()));
        }
        stack = new LocalStack(StackSettings.fromEnvironment(root, env), System.out);
        stack.up(false);
        token = stack.issueToken("it-admin", List.of("admin"), Duration.ofHours(1));
        client = new SampleRun(stack.settings().gatewayUrl(), token, System.out);
    }

    @Test
    @Order(7)
    void shouldRefuseHostileRequestsToEveryOperationWithoutAServerErrorOrAChangeOfState() throws Exception {
        // given every operation of every OpenAPI document the gateway serves, and a token per role
        HostileRequests sweep = new HostileRequests(stack.settings().gatewayUrl(),
                roles -> stack.issueToken("it-hostile-" + String.join("-", roles), roles, Duration.ofHours(1)),
                HostileRequests.Sizes.SHORT);

        // when each is sent malformed and hostile parameters, bodies and headers, and is called by the roles it does not admit
        List<HostileRequests.Tally> tallies = sweep.run();

        // then no answer is a 5xx or leaks internals, broken constraints answer 400, roles 403, and nothing listed changed
        HostileRequests.print(sweep, tallies, System.out);
        assertThat(sweep.operations()).as("operations swept").isGreaterThan(70);
        assertThat(tallies).extracting(HostileRequests.Tally::category)
                .contains("types", "values", "bodies", "oversized", "roles", "slow", "headers", "state");
        assertThat(tallies).flatExtracting(HostileRequests.Tally::findings).isEmpty();
    }

    @AfterAll
    static void stopTheStack() throws IOException {
        if (stack != null) {
            stack.down();
        }
        // the run folder holds a database, a broker's log and a generated dump: hundreds of MB
        if (runDir != null) {
            try (var paths = Files.walk(runDir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Per year: questions, and distinct OwnerUserIds among them; computed from Posts.xml directly. */
    record Expected(Map<Integer, Long> questions, Map<Integer, Long> users) {
    }

    private static Expected expectedFromFile(boolean dlOnly) throws IOException {
        String xml = Files.readString(stack.settings().dumpsDir().resolve(DUMP).resolve("Posts.xml"),
                StandardCharsets.UTF_8);
        Map<Integer, Long> questions = new TreeMap<>();
        Map<Integer, Set<String>> users = new TreeMap<>();
        Matcher row = Pattern.compile("<row(?:\\s+\\w+=\"[^\"]*\")*\\s*(?:/>|></row>)").matcher(xml);
        while (row.find()) {
            String r = row.group();
            if (!"1".equals(attribute(r, "PostTypeId"))) {
                continue;
            }
            String tags = String.valueOf(attribute(r, "Tags")).toLowerCase(Locale.ROOT);
            if (dlOnly && DL_FRAMEWORKS.stream().noneMatch(tags::contains)) {
                continue;
            }
            int year = LocalDateTime.parse(attribute(r, "CreationDate")).getYear();
            questions.merge(year, 1L, Long::sum);
            String owner = attribute(r, "OwnerUserId");
            Set<String> owners = users.computeIfAbsent(year, y -> new HashSet<>());
            if (owner != null) {
                owners.add(owner);
            }
        }
        Map<Integer, Long> userCounts = new TreeMap<>();
        users.forEach((year, owners) -> userCounts.put(year, (long) owners.size()));
        return new Expected(questions, userCounts);
    }

    private static String attribute(String row, String name) {
        Matcher matcher = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(row);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static Expected fromGateway(String set) {
        Map<Integer, Long> questions = new TreeMap<>();
        Map<Integer, Long> users = new TreeMap<>();
        for (JsonNode year : client.trend(SITE, set).get("years")) {
            questions.put(year.get("year").asInt(), year.get("questions").asLong());
            users.put(year.get("year").asInt(), year.get("users").asLong());
        }
        return new Expected(questions, users);
    }

    @Test
    @Order(1)
    void shouldCountARealDumpsQuestionsPerYearThroughTheGateway() throws IOException {
        // given
        Expected all = expectedFromFile(false);
        Expected dl = expectedFromFile(true);

        // when
        JsonNode job = client.ingest(DUMP, Duration.ofMinutes(3));
        client.awaitDrained(Duration.ofMinutes(3));

        // then
        assertThat(job.get("questions").asLong()).isEqualTo(all.questions().values().stream().mapToLong(l -> l).sum());
        assertThat(fromGateway("A")).isEqualTo(all);
        assertThat(fromGateway("B")).isEqualTo(dl);
        assertThat(dl.questions()).isNotEmpty();
    }

    @Test
    @Order(1)
    void shouldHoldEveryAcceptedAnswersResponseTimeOfTheArtifactAndReconcileTheSite() throws Exception {
        // given: from the JSON lines, each question whose accepted answer is among its answers, with the full
        // minutes from the question to that answer (a question in two files is one question)
        Map<Long, Long> expected = new TreeMap<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String file : ARTIFACT_FILES) {
            for (String line : Files.readAllLines(root.resolve("data").resolve(ARTIFACT).resolve(file))) {
                JsonNode question = json.readTree(line);
                String accepted = question.path("AcceptedAnswerId").asText(null);
                for (JsonNode answer : question.path("answers")) {
                    if (answer.get("Id").asText().equals(accepted)) {
                        expected.put(question.get("Id").asLong(), Duration.between(utc(question.get("CreationDate")),
                                utc(answer.get("CreationDate"))).toMinutes());
                    }
                }
            }
        }

        // when: the artifact is ingested through the gateway and the pipeline has settled
        client.ingest(ARTIFACT, Duration.ofMinutes(3));
        JsonNode consistency = client.awaitSettledConsistency("stackoverflow.com", Duration.ofMinutes(3));

        // then: the metrics hold a time for each, equal to the one computed here
        Map<Long, Long> held = new TreeMap<>();
        try (var connection = stack.superuser("metrics"); var select = connection.prepareStatement(
                "SELECT post_id, trunc(extract(epoch FROM accepted_answer_at - creation_date) / 60)::bigint "
                        + "FROM question_fact WHERE site = 'stackoverflow.com' AND accepted_answer_at IS NOT NULL");
                var rows = select.executeQuery()) {
            while (rows.next()) {
                held.put(rows.getLong(1), rows.getLong(2));
            }
        }
        assertThat(expected).hasSize(885);
        assertThat(held).isEqualTo(expected);
        // and the reconciliation through the gateway finds nothing amiss
        assertThat(consistency.get("settled").asBoolean()).as(consistency.toString()).isTrue();
        assertThat(consistency.get("differences")).as(consistency.toString()).isEmpty();
        assertThat(consistency.get("consistent").asBoolean()).isTrue();
        assertThat(consistency.get("metrics").get("responseTimes").asLong()).isEqualTo(expected.size());
        assertThat(consistency.get("metrics").get("acceptedWithoutTime").asLong()).isZero();
    }

    private static java.time.Instant utc(JsonNode dumpTime) {
        return LocalDateTime.parse(dumpTime.asText()).toInstant(java.time.ZoneOffset.UTC);
    }

    @Test
    @Order(1)
    void shouldImportTheArtifactsLabelsAndAnswerTheirSharesThroughTheGateway() {
        // when the artifact's category.xlsx is imported with the shipped alias table, twice
        JsonNode report = client.importLabels(root.resolve("data").resolve(SampleRun.CATEGORIES),
                root.resolve("data").resolve(SampleRun.ALIASES), "server=C,mobile=D,browser=E");
        JsonNode again = client.importLabels(root.resolve("data").resolve(SampleRun.CATEGORIES),
                root.resolve("data").resolve(SampleRun.ALIASES), "server=C,mobile=D,browser=E");

        // then one import, three rounds, and the mobile platform's shares computed from its 231 questions
        assertThat(again.get("id").asText()).isEqualTo(report.get("id").asText());
        assertThat(report.get("sheets")).hasSize(3);
        JsonNode mobile = report.get("sheets").get(1);
        assertThat(mobile.get("questions").asInt()).isEqualTo(231);
        JsonNode conversion = null;
        for (JsonNode node : client.shares(mobile.get("roundId").asText())) {
            if (node.get("name").asText().equals("Model Conversion") && node.get("platform").asText().equals("Mobile")) {
                conversion = node;
            }
        }
        assertThat(conversion).isNotNull();
        assertThat(conversion.get("questions").asInt()).isEqualTo(61);
        assertThat(conversion.get("share").asDouble()).isCloseTo(61 / 231.0, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    @Order(1)
    void shouldReproduceThePapersFiguresFromTheArtifactThroughTheGateway() throws Exception {
        // given: the artifact and its labels in the suite (both idempotent, whatever ran before)
        client.ingest(ARTIFACT, Duration.ofMinutes(3));
        client.awaitSettledConsistency("stackoverflow.com", Duration.ofMinutes(3));
        client.importLabels(root.resolve("data").resolve(SampleRun.CATEGORIES), root.resolve("data").resolve(SampleRun.ALIASES),
                "server=C,mobile=D,browser=E");
        // and the rules' browser candidates reviewed, the released browser set as the decisions
        client.importBrowserReview(root.resolve("data").resolve(SampleRun.BROWSER_SET));

        // and, computed here from the released files: each set's questions, per year and asker, and response times
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Map<String, String> setOfFile = Map.of("dl_server_post.txt", "C", "dl_mobile_post.txt", "D", "dl_browser_post.txt", "E");
        Map<String, Set<String>> ids = new TreeMap<>();
        Map<String, Map<Integer, Set<String>>> questionsPerYear = new TreeMap<>();
        Map<String, Map<Integer, Set<String>>> askersPerYear = new TreeMap<>();
        Map<String, Double> deploymentMinutes = new TreeMap<>();
        Set<String> withoutAccepted = new HashSet<>();
        for (var file : setOfFile.entrySet()) {
            for (String line : Files.readAllLines(root.resolve("data").resolve(ARTIFACT).resolve(file.getKey()))) {
                JsonNode q = json.readTree(line);
                String id = q.get("Id").asText();
                int year = LocalDateTime.parse(q.get("CreationDate").asText()).getYear();
                ids.computeIfAbsent(file.getValue(), k -> new java.util.TreeSet<>()).add(id);
                questionsPerYear.computeIfAbsent(file.getValue(), k -> new TreeMap<>()).computeIfAbsent(year, y -> new HashSet<>()).add(id);
                if (q.hasNonNull("OwnerUserId")) {
                    askersPerYear.computeIfAbsent(file.getValue(), k -> new TreeMap<>()).computeIfAbsent(year, y -> new HashSet<>())
                            .add(q.get("OwnerUserId").asText());
                }
                if (!q.hasNonNull("AcceptedAnswerId")) {
                    withoutAccepted.add(id);
                }
                for (JsonNode answer : q.path("answers")) {
                    if (answer.get("Id").asText().equals(q.path("AcceptedAnswerId").asText(null))) {
                        deploymentMinutes.put(id, Duration.between(utc(q.get("CreationDate")), utc(answer.get("CreationDate")))
                                .toMillis() / 60_000.0);
                    }
                }
            }
        }
        double[] minutes = deploymentMinutes.values().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] withinDay = deploymentMinutes.values().stream().mapToDouble(m -> m % 1440).sorted().toArray();
        List<String> releasedQuestions = Files.readAllLines(root.resolve("data/samples/fse2020-artifact/results/post_trend.csv"));

        // (the classifier has the review's outcome: E's reviewed members are the released browser set)
        assertThat(client.awaitReviewed(ids.get("E").size(), Duration.ofMinutes(1)).path("E").asLong()).isEqualTo(ids.get("E").size());

        // when: the report is made through the gateway with a reader's token, as ./suite reproduce does
        String reader = stack.issueToken("it-reader", List.of("reader"), Duration.ofHours(1));
        Path out = runDir.resolve("reproduction");
        io.somining.report.ReportMain.run(new io.somining.report.Gateway(stack.settings().gatewayUrl(), reader),
                root.resolve("data/studies/fse2020/replication.json"), out);
        List<String> figures = Files.readAllLines(out.resolve("figures.csv"));

        // then: every published figure of the paper's file is a row with a verdict
        JsonNode published = json.readTree(root.resolve("data/studies/fse2020/published-figures.json").toFile());
        List<String> publishedIds = new ArrayList<>();
        for (String list : List.of("figures", "figure5_labels", "spelled_out_quantities", "cited_comparisons")) {
            published.get(list).forEach(f -> publishedIds.add(f.get("id").asText()));
        }
        Map<String, List<String>> rows = new HashMap<>();
        for (String line : figures.subList(1, figures.size())) {
            List<String> cells = csvCells(line);
            rows.put(cells.get(0), cells);
        }
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(publishedIds);
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.get(8))
                .isIn("matches", "differs", "not computable", "parameter", "not a result"));
        // the set sizes are the released files' distinct questions (artifact column), 3,018 in all
        assertThat(rows.get("set_c_size").get(5)).isEqualTo(String.valueOf(ids.get("C").size()));
        assertThat(rows.get("set_d_size").get(5)).isEqualTo(String.valueOf(ids.get("D").size()));
        assertThat(rows.get("set_e_size").get(5)).isEqualTo(String.valueOf(ids.get("E").size()));
        // the method's path (rules, then review) reaches the released browser set: the rules column of E
        assertThat(rows.get("set_e_size").get(6)).isEqualTo(String.valueOf(ids.get("E").size()));
        Set<String> union = new HashSet<>();
        ids.values().forEach(union::addAll);
        assertThat(rows.get("abstract_deployment_posts_total").get(5)).isEqualTo(String.valueOf(union.size()));
        // the deployment questions' median response time, and the remainder-of-day median the published 404.9 is
        assertThat(Double.parseDouble(rows.get("rq2_median_response_deployment").get(5)))
                .isCloseTo(median(minutes), org.assertj.core.api.Assertions.within(1e-3));
        assertThat(Math.round(median(withinDay) * 10) / 10.0).isEqualTo(404.9);
        assertThat(rows.get("rq2_median_response_deployment").get(10)).startsWith("The published medians are of each");
        // the trend table: the artifact's questions and askers per year, the released file's beside them
        List<String> trend = Files.readAllLines(out.resolve("rq1-questions.csv"));
        for (String line : trend.subList(1, trend.size())) {
            List<String> cells = csvCells(line);
            String set = Map.of("server/cloud", "C", "mobile", "D", "browser", "E").get(cells.get(0));
            int year = Integer.parseInt(cells.get(1));
            assertThat(cells.get(3)).as(line).isEqualTo(String.valueOf(
                    questionsPerYear.get(set).getOrDefault(year, Set.of()).size()));
            String released = releasedQuestions.stream().filter(l -> l.startsWith(Map.of("C", "server", "D", "mobile",
                    "E", "browser").get(set) + ",")).findFirst().orElseThrow().split(",")[year - 2014];
            assertThat(cells.get(2)).as(line).isEqualTo(released);
            if (set.equals("E")) {
                // the rules column counts E by its reviewed members: the released browser set, year by year
                assertThat(cells.get(4)).as(line).isEqualTo(cells.get(3));
            }
        }
        List<String> askers = Files.readAllLines(out.resolve("rq1-askers.csv"));
        for (String line : askers.subList(1, askers.size())) {
            List<String> cells = csvCells(line);
            String set = Map.of("server/cloud", "C", "mobile", "D", "browser", "E").get(cells.get(0));
            assertThat(cells.get(3)).as(line).isEqualTo(String.valueOf(askersPerYear.get(set)
                    .getOrDefault(Integer.parseInt(cells.get(1)), Set.of()).size()));
            if (set.equals("E")) {
                assertThat(cells.get(4)).as(line).isEqualTo(cells.get(3));
            }
        }
        // and so do E's figures: its share without an accepted answer and its response times
        long browserAnswered = ids.get("E").stream().filter(deploymentMinutes::containsKey).count();
        double browserShare = 100.0 * ids.get("E").stream().filter(withoutAccepted::contains).count() / ids.get("E").size();
        assertThat(Double.parseDouble(rows.get("rq2_noacc_browser").get(6)))
                .isCloseTo(browserShare, org.assertj.core.api.Assertions.within(1e-4));
        assertThat(Files.readAllLines(out.resolve("rq2-response-times.csv")))
                .anySatisfy(line -> assertThat(csvCells(line).subList(0, 3))
                        .containsExactly("browser", "rules (fse2020; E reviewed)", String.valueOf(browserAnswered)));
        // and every category share (RQ3 and Figure 5): the labeled questions at or under the category over its
        // platform's, from category.xlsx read here and mapped through the alias table or the node's own path
        Map<String, Map<String, Set<String>>> labeled = labeledQuestionsByPath();
        JsonNode plan = json.readTree(root.resolve("data/studies/fse2020/replication.json").toFile());
        int checked = 0;
        for (String list : List.of("figures", "figure5_labels")) {
            for (JsonNode figure : published.get(list)) {
                JsonNode category = plan.path("figures").path(figure.get("id").asText()).path("labels").path("category");
                String platform;
                String below;
                if (figure.has("category_path")) {
                    platform = figure.get("platform").asText();
                    String path = figure.get("category_path").asText();
                    below = path.equals(platform) ? "" : path.substring(platform.length() + 3);
                } else if (!category.isMissingNode()) {
                    platform = category.get("platform").asText();
                    below = category.get("path").asText();
                } else {
                    continue;
                }
                Map<String, Set<String>> ofPlatform = labeled.get(platform);
                String prefix = (platform + (below.isEmpty() ? "" : " / " + below.replace(" > ", " / "))).toLowerCase(Locale.ROOT);
                long count = ofPlatform.entrySet().stream()
                        .filter(e -> e.getValue().stream().anyMatch(p -> p.equals(prefix) || p.startsWith(prefix + " / ")))
                        .count();
                double expected = "questions".equals(category.path("measure").asText()) ? count : 100.0 * count / ofPlatform.size();
                assertThat(Double.parseDouble(rows.get(figure.get("id").asText()).get(5))).as(figure.get("id").asText())
                        .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-3));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(130);
        // the page opens from disk: no script, nothing loaded from elsewhere, the charts inline
        String page = Files.readString(out.resolve("index.html"));
        assertThat(page).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("<link")
                .contains("data:image/svg+xml;base64,");
        // its only links are to the questions a cause names, e.g. the five in two files
        assertThat(Pattern.compile("href=\"([^\"]*)\"").matcher(page).results().map(m -> m.group(1)))
                .isNotEmpty().allMatch(href -> href.matches("https://stackoverflow\\.com/questions/\\d+"))
                .contains("https://stackoverflow.com/questions/39682394");

    }

    /**
     * Per platform, per question of category.xlsx: the node paths of its labels ("platform / inner / leaf",
     * lower case), each label mapped through the alias table when it has a row there, else read as
     * "inner - leaf" under the sheet's platform.
     */
    private static Map<String, Map<String, Set<String>>> labeledQuestionsByPath() throws IOException {
        Map<String, String> platformOfSheet = new HashMap<>();
        Map<String, String> alias = new HashMap<>();
        for (String line : Files.readAllLines(root.resolve("data").resolve(SampleRun.ALIASES))) {
            String[] cells = line.split(",", 3);
            if (cells[0].equals("sheet")) {
                continue;
            }
            if (cells[1].isBlank()) {
                platformOfSheet.put(cells[0], cells[2].trim());
            } else {
                alias.put(cells[0] + "|" + normalized(cells[1]), cells[2].trim().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, Map<String, Set<String>>> byPlatform = new HashMap<>();
        // from a stream: a workbook opened from its file is written back when closed, which would change the shipped file
        try (var in = Files.newInputStream(root.resolve("data").resolve(SampleRun.CATEGORIES));
                var workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(in)) {
            for (var sheet : workbook) {
                String platform = platformOfSheet.get(sheet.getSheetName());
                for (var row : sheet) {
                    if (row.getRowNum() == 0 || row.getCell(1) == null) {
                        continue;
                    }
                    Matcher id = Pattern.compile("questions/(\\d+)").matcher(row.getCell(1).toString());
                    if (!id.find()) {
                        continue;
                    }
                    String label = normalized(row.getCell(2).toString());
                    String path = alias.getOrDefault(sheet.getSheetName() + "|" + label,
                            (platform + " / " + String.join(" / ", label.split("\\s+-\\s+"))).toLowerCase(Locale.ROOT));
                    byPlatform.computeIfAbsent(platform, p -> new HashMap<>()).computeIfAbsent(id.group(1), q -> new HashSet<>())
                            .add(path);
                }
            }
        }
        return byPlatform;
    }

    private static String normalized(String text) {
        return String.join(" ", text.trim().toLowerCase(Locale.ROOT).split("\\s+"));
    }

    /** R's median (quantile type 7 at 0.5) of sorted values. */
    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The cells of an RFC 4180 line (quotes doubled inside quoted cells). */
    private static List<String> csvCells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    @Test
    @Order(2)
    void shouldKeepTheDataAcrossARestart() throws IOException {
        // given
        Expected before = fromGateway("A");

        // when
        stack.down();
        stack.up(false);

        // then: the figures are back without ingesting anything
        assertThat(fromGateway("A")).isEqualTo(before).isEqualTo(expectedFromFile(false));
    }

    @Test
    @Order(3)
    void shouldStartOnlyWhatIsStoppedAndRefuseATakenPort() throws IOException {
        // everything runs: up starts nothing, and refuses to remove the data from under the running stack
        assertThat(stack.up(false)).isEmpty();
        assertThatThrownBy(() -> stack.up(true))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("--fresh removes the stack's data")
                .hasMessageContaining("stop it first");

        // when: one component dies (a crash) and the user runs up
        long taxonomyBefore = pid("taxonomy");
        stack.kill("taxonomy");
        assertThat(stack.status().get("taxonomy")).isEqualTo("stopped");
        assertThat(stack.up(false)).containsExactly("taxonomy");

        // then: it alone started again, ready, the others kept running
        assertThat(stack.status().get("taxonomy")).startsWith("running").endsWith(", ready").doesNotContain("pid " + taxonomyBefore);
        assertThat(stack.status().get("gateway")).endsWith(", ready");

        // and a component restarts by name
        long metricsBefore = pid("metrics");
        stack.restart("metrics");
        assertThat(stack.status().get("metrics")).endsWith(", ready").doesNotContain("pid " + metricsBefore);
        assertThatThrownBy(() -> stack.restart("metrics-2")).isInstanceOf(StackException.class)
                .hasMessageContaining("no component metrics-2").hasMessageContaining("./suite scale");
        // the gateway answers for both again once its readiness poll has seen them
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get(stack.settings().gatewayUrl() + "/api/metrics/studies/fse2020/sets").statusCode()).isEqualTo(200);
            assertThat(get(stack.settings().gatewayUrl() + "/api/taxonomy/taxonomies").statusCode()).isNotIn(502, 503);
        });

        // given: a second stack in another folder, on the first one's ports
        Path otherRun = runDir.resolve("other");
        Map<String, String> env = new HashMap<>();
        env.put("SUITE_RUN_DIR", otherRun.toString());
        env.put("SUITE_GATEWAY_PORT", Integer.toString(stack.settings().servicePorts().get("gateway")));
        env.put("SUITE_POSTGRES_PORT", Integer.toString(stack.settings().postgresPort()));
        LocalStack second = new LocalStack(StackSettings.fromEnvironment(stack.settings().root(), env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        // then
        assertThatThrownBy(() -> second.up(false))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("port(s) already taken")
                .hasMessageContaining(stack.settings().postgresPort() + " for postgres (SUITE_POSTGRES_PORT)")
                .hasMessageContaining(stack.settings().servicePorts().get("gateway") + " for gateway (SUITE_GATEWAY_PORT)");
        assertThat(second.status().values()).containsOnly("stopped");
    }

    /** The pid a running component's status names. */
    private long pid(String component) {
        java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid (\\d+)").matcher(stack.status().get(component));
        assertThat(pid.find()).as(component + " runs").isTrue();
        return Long.parseLong(pid.group(1));
    }

    @Test
    @Order(4)
    void shouldRefuseRequestsWithoutAValidTokenAndAdmitTheRightRole() throws Exception {
        String jobs = stack.settings().gatewayUrl() + "/api/ingest/jobs";
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jobs)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(anonymous.body()).contains("\"status\":401");

        String reader = stack.issueToken("dashboard", List.of("reader"), Duration.ofMinutes(5));
        HttpResponse<String> forbidden = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(jobs))
                .header("Authorization", "Bearer " + reader).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"path\":\"" + DUMP + "\"}")).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(get(stack.settings().gatewayUrl() + "/api/metrics/studies/fse2020/sets").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void shouldAnswer503WhileTheDatabaseIsDownAndRecoverAfter() throws Exception {
        // when: the database goes away under running services
        stack.stop("postgres");

        // then
        String sets = stack.settings().gatewayUrl() + "/api/metrics/studies/fse2020/sets";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> response = get(sets);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("service 'metrics' is not ready").contains("Database connections");
        });

        // when: a service starts while the database is still down
        stack.stop("metrics");
        stack.launchService("metrics");

        // then: it lives, is not ready, and the gateway keeps answering 503 for it
        String metrics = stack.settings().serviceUrl("metrics");
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(get(metrics + "/q/health/live").statusCode()).isEqualTo(200);
            assertThat(get(metrics + "/q/health/ready").body()).contains("\"database-schema\"");
            assertThat(get(metrics + "/q/health/ready").statusCode()).isEqualTo(503);
        });
        assertThat(get(sets).statusCode()).isEqualTo(503);
        // and the status says why: the checks that fail
        assertThat(stack.status().get("metrics")).contains("NOT ready (failing: ").contains("database-schema");

        // when
        stack.startPostgres();

        // then: both recover by themselves
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get(sets).statusCode()).isEqualTo(200));
        assertThat(fromGateway("A").questions()).isNotEmpty();
    }

    @Test
    @Order(6)
    void shouldResumeAnIngestKilledMidwayWithNothingLostOrDoubled() throws Exception {
        // given
        String id = client.start(SYNTHETIC);
        await().atMost(Duration.ofMinutes(2)).until(() -> client.job(id).get("rowsRead").asLong() > 0);

        // when: the service dies as in a crash, with part of the dump stored, and comes back
        stack.kill("ingest");
        stack.startService("ingest");
        JsonNode job = client.awaitJob(id, Duration.ofMinutes(5));

        // then: the job resumed from its checkpoint and its result is the whole dump, once
        assertThat(job.get("resumed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(job.get("questions").asLong()).isEqualTo(synthetic.questions());
        assertThat(job.get("rowsRead").asLong()).isEqualTo(synthetic.questions() + synthetic.answers());
        assertThat(job.get("changedQuestions").asLong()).isEqualTo(synthetic.questions());
        assertThat(job.get("linkedAnswers").asLong()).isEqualTo(synthetic.acceptedAnswers());

        // and every question was published, each under one event id (a redelivery repeats the id)
        Map<String, Set<String>> eventIdsByQuestion = questionEvents("synthetic.example/", synthetic.questions());
        assertThat(eventIdsByQuestion).hasSize((int) synthetic.questions());
        assertThat(eventIdsByQuestion.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));

        // and the figures through the gateway are the generator's own
        client.awaitDrained(Duration.ofMinutes(3));
        Map<Integer, Long> perYear = new TreeMap<>();
        for (JsonNode year : client.trend("synthetic.example", "A").get("years")) {
            perYear.put(year.get("year").asInt(), year.get("questions").asLong());
        }
        assertThat(perYear).isEqualTo(synthetic.questionsPerYear());
        long dl = 0;
        for (JsonNode year : client.trend("synthetic.example", "B").get("years")) {
            dl += year.get("questions").asLong();
        }
        assertThat(dl).isEqualTo(synthetic.dlQuestions());
    }

    @Test
    @Order(8)
    void shouldServeAClientGeneratedFromTheOpenApiDocumentsWithTypedResults() throws Exception {
        // given the Java client openapi-generator made from api/openapi (examples/client), with the stack settled
        client.awaitDrained(Duration.ofMinutes(3));
        GeneratedClientCheck generated = new GeneratedClientCheck(stack.settings().gatewayUrl(), who -> {
            String[] user = who.split(":");
            return stack.issueToken(user[0], List.of(user[1].split(",")), Duration.ofHours(1));
        });

        // when / then: its typed answers are the answers as JSON, for each kind of user
        generated.trendAndDifficulty(SampleRun.ARTIFACT_STUDY, "C", "stackoverflow.com");
        generated.studyDefinition(SampleRun.STUDY);
        generated.validateOnlyJob(DUMP);
        generated.labelingRound(SampleRun.ARTIFACT_STUDY, "D", "stackoverflow.com", "deployment-challenges");
    }

    @Test
    @Order(9)
    void shouldPublishOnlyEventsThatTheirPublishedSchemasAccept() {
        // when every record of every topic is read from the start and checked against the AsyncAPI document's schemas
        PublishedEventsCheck events = new PublishedEventsCheck().run(stack.settings().kafkaBootstrap());

        // then none is refused, and the run published every kind of event its tests caused
        System.out.println("events checked against their schemas: " + events.validated);
        assertThat(events.findings).isEmpty();
        assertThat(events.validated).containsKeys(io.somining.contracts.QuestionUpserted.TYPE,
                io.somining.contracts.AcceptedAnswerLinked.TYPE, io.somining.contracts.QuestionClassified.TYPE,
                io.somining.contracts.TaxonomyPublished.TYPE, io.somining.contracts.LabelRecorded.TYPE,
                io.somining.contracts.LabelFinalized.TYPE);
        assertThat(events.validated.get(io.somining.contracts.QuestionUpserted.TYPE))
                .isGreaterThanOrEqualTo(synthetic.questions());
    }

    @Test
    @Order(10)
    void shouldKeepASubscribersSetMembershipEqualToTheClassifiers() throws Exception {
        // given the example subscriber (examples/subscriber), started after everything was classified
        client.awaitDrained(Duration.ofMinutes(3));
        try (var subscriber = new io.somining.examples.subscriber.ClassificationSubscriber(
                stack.settings().kafkaBootstrap(), SampleRun.ARTIFACT_STUDY)) {

            // when it reads so.classifications from the start
            assertThat(subscriber.catchUp(Duration.ofMinutes(2))).as("caught up").isTrue();
            Map<String, Set<String>> members = subscriber.membership().members();

            // then its sets are the classifier's, in size and, for set C, question by question
            JsonNode counts = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    get(stack.settings().gatewayUrl() + "/api/classifier/studies/" + SampleRun.ARTIFACT_STUDY + "/counts").body());
            Map<String, Long> expected = new TreeMap<>();
            counts.get("members").fields().forEachRemaining(set -> expected.put(set.getKey(), set.getValue().asLong()));
            Map<String, Long> sizes = new TreeMap<>();
            members.forEach((set, questions) -> sizes.put(set, (long) questions.size()));
            assertThat(sizes).isEqualTo(expected);
            assertThat(members.get("C")).isEqualTo(classifierMembers(SampleRun.ARTIFACT_STUDY, "C"));
            assertThat(subscriber.skipped()).isZero();
        }
    }

    /** Every member of a set as the classifier pages them, as site/postId. */
    private static Set<String> classifierMembers(String study, String set) throws Exception {
        Set<String> members = new java.util.TreeSet<>();
        String after = null;
        do {
            JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(stack.settings().gatewayUrl()
                    + "/api/classifier/studies/" + study + "/sets/" + set + "/members?limit=1000"
                    + (after == null ? "" : "&after=" + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8))).body());
            page.get("items").forEach(item -> members.add(item.get("site").asText() + "/" + item.get("postId").asLong()));
            after = page.path("next").isTextual() ? page.get("next").asText() : null;
        } while (after != null);
        return members;
    }

    @Test
    @Order(11)
    void shouldShowAResearcherTheTrendOfASetInARealBrowser() throws Exception {
        // given the numbers as the API answers them
        JsonNode trend = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(stack.settings().gatewayUrl()
                + "/api/metrics/studies/" + SampleRun.ARTIFACT_STUDY + "/sets/C/trend?site=stackoverflow.com").body());
        Map<Integer, Long> expected = new TreeMap<>();
        trend.get("years").forEach(year -> expected.put(year.get("year").asInt(), year.get("questions").asLong()));

        try (BrowserCheck browser = new BrowserCheck(stack.settings().gatewayUrl())) {
            // when a researcher signs in on the local sign-in page and opens the set
            browser.signIn("alice");
            browser.screenshot("studies");
            Map<Integer, Long> shown = browser.trendTable(SampleRun.ARTIFACT_STUDY, "C", "stackoverflow.com");
            browser.screenshot("set-trend-1280");

            // then the page shows the API's numbers, with a bar per year in the chart, readable at 390 pixels too
            assertThat(shown).isEqualTo(expected).isNotEmpty();
            assertThat(browser.chartElements()).isGreaterThanOrEqualTo(expected.size());
            assertThat(browser.text("#difficulty")).contains("Without an accepted answer");
            assertThat(browser.layoutWidthAt(390)).isLessThanOrEqualTo(390);
            browser.screenshot("set-trend-390");
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(12)
    void shouldRunNothingOfAHostilePostInTheBrowser() throws Exception {
        // given a dump whose bodies carry scripts, event handlers and javascript: links
        client.awaitJob(client.start("hostile.example_2024-01"), Duration.ofMinutes(2));

        try (BrowserCheck browser = new BrowserCheck(stack.settings().gatewayUrl())) {
            browser.signIn("rob");
            // when a reader opens the question and clicks every link left in it
            Object ran = browser.openQuestion("hostile.example", 1);
            browser.screenshot("hostile-question");

            // then nothing ran, the text is there, and no executable markup reached the page
            assertThat(ran).as("what the post managed to run").isNull();
            assertThat(browser.text("#question-body")).contains("a post that tries everything");
            assertThat(browser.text("h1")).contains("<script>");
            assertThat(browser.dangerousMarkup()).isEmpty();
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(13)
    void shouldLetTwoRatersLabelBlindAndAnArbitratorDecideInTheBrowser() throws Exception {
        // given a round of two questions for bob and carol, arbitrated by dan, and two leaves to label with
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String researcher = stack.issueToken("alice", List.of("researcher"), Duration.ofHours(1));
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.settings().gatewayUrl() + "/api/taxonomy/rounds"))
                .header("Authorization", "Bearer " + researcher).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"browser round\",\"kind\":\"CATEGORY\","
                        + "\"studyId\":\"" + SampleRun.ARTIFACT_STUDY + "\",\"setId\":\"D\",\"site\":\"stackoverflow.com\","
                        + "\"taxonomyId\":\"deployment-challenges\",\"raterA\":\"bob\",\"raterB\":\"carol\","
                        + "\"arbitrator\":\"dan\",\"seed\":11,\"size\":2}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String round = json.readTree(created.body()).get("id").asText();
        List<String> leaves = new ArrayList<>();
        json.readTree(get(stack.settings().gatewayUrl() + "/api/taxonomy/taxonomies/deployment-challenges/nodes").body())
                .forEach(node -> {
                    if (node.get("labelable").asBoolean()) {
                        leaves.add(node.get("path").asText());
                    }
                });
        // two leaves whose paths name them alone (no other path contains them)
        List<String> unique = leaves.stream().filter(p -> leaves.stream().filter(q -> q.contains(p)).count() == 1).toList();
        String x = unique.get(0);
        String y = unique.get(unique.size() - 1);

        try (BrowserCheck browser = new BrowserCheck(stack.settings().gatewayUrl())) {
            // when bob labels both questions with x, by keyboard
            browser.signIn("bob");
            browser.labelWithKeyboard(round, x);
            browser.labelWithKeyboard(round, x);
            browser.screenshot("label-bob");
            // a rater only rates: the menu offers no figures, and their pages say why they stay closed
            assertThat(browser.texts("header nav a")).containsExactly("Labeling", "Taxonomy");
            browser.open("/data", "main h1");
            assertThat(browser.text("main h1")).isEqualTo("Not for your roles");

            // then carol, before she labels, sees nothing of bob's labels
            browser.signIn("carol");
            String carolSees = browser.labelPageWithoutPicker(round);
            browser.screenshot("label-carol-before");
            assertThat(carolSees).contains("Your label: none yet").contains("0 of 2 labeled").doesNotContain(x);
            // and Enter on the untouched list labels nothing, while ] in the search box moves to the next question
            assertThat(browser.pressInSearch(round, org.openqa.selenium.Keys.ENTER)).contains("0 of 2 labeled")
                    .contains("question 1");
            assertThat(browser.pressInSearch(round, "]")).contains("question 2");
            assertThat(browser.value(".category-search")).isEmpty();
            browser.pressInSearch(round, "[");

            // and when she labels the first with x and the second with y, the arbitrator settles the second with y
            browser.labelWithKeyboard(round, x);
            browser.labelWithKeyboard(round, y);
            browser.signIn("dan");
            browser.decideFirstDisagreement(round, y);
            browser.screenshot("arbitration-done");

            // then the researcher sees the round's kappa, as the API computes it
            browser.signIn("alice");
            String shown = browser.kappa(round);
            browser.screenshot("round-agreement");
            JsonNode agreement = json.readTree(get(stack.settings().gatewayUrl() + "/api/taxonomy/rounds/" + round
                    + "/agreement").body());
            assertThat(agreement.get("labeledByBoth").asInt()).isEqualTo(2);
            assertThat(shown).isEqualTo(String.format(Locale.ROOT, "%.3f", agreement.at("/overall/kappa").asDouble()));
            // and each category's kappa against the rest, with its interval, as the API has them
            assertThat(browser.texts("#per-category tbody tr")).hasSize(agreement.get("categoryAgreement").size());
            assertThat(browser.texts("#per-platform tbody tr")).hasSize(agreement.get("perPlatform").size());
            JsonNode status = json.readTree(get(stack.settings().gatewayUrl() + "/api/taxonomy/rounds/" + round
                    + "/status").body());
            List<Integer> decided = new ArrayList<>();
            status.forEach(item -> decided.add(item.path("decision").size()));
            assertThat(decided).containsExactlyInAnyOrder(0, 1);
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(14)
    void shouldFollowAnIngestJobStartedInTheBrowserToItsEnd() throws Exception {
        try (BrowserCheck browser = new BrowserCheck(stack.settings().gatewayUrl())) {
            // when an admin starts the synthetic dump's ingest again on the data page
            browser.signIn("erin");
            String id = browser.ingest(SYNTHETIC);
            browser.screenshot("ingest-done");

            // then the live progress reached 100 % and says what the API says of the job
            JsonNode job = client.job(id);
            assertThat(browser.text("#job-state")).isEqualTo("SUCCEEDED").isEqualTo(job.get("state").asText());
            assertThat(browser.text("#job-percent")).isEqualTo("100 %");
            assertThat(browser.text("#job")).contains(job.get("rowsRead").asLong() + " rows");
            assertThat(job.get("rowsRead").asLong()).isEqualTo(synthetic.questions() + synthetic.answers());
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(15)
    void shouldShowAResearcherAStudysComparisonVersionsAndASetsDifficultyAndSurvival() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String gateway = stack.settings().gatewayUrl();
        String study = "/api/metrics/studies/" + SampleRun.ARTIFACT_STUDY;
        JsonNode compare = json.readTree(get(gateway + study + "/compare?a=C&b=D&site=stackoverflow.com").body());
        JsonNode difficulty = json.readTree(get(gateway + study + "/sets/C/difficulty?site=stackoverflow.com").body());
        JsonNode survival = json.readTree(get(gateway + study + "/sets/C/survival?site=stackoverflow.com").body());
        JsonNode versions = json.readTree(get(gateway + "/api/classifier/studies/" + SampleRun.ARTIFACT_STUDY
                + "/versions").body());

        try (BrowserCheck browser = new BrowserCheck(gateway)) {
            browser.signIn("alice");
            // when the researcher compares sets C and D on the study's page
            browser.open("/studies/" + SampleRun.ARTIFACT_STUDY + "?site=stackoverflow.com", "#compare form");
            browser.click("#compare input[name=a][value=C]");
            browser.click("#compare input[name=b][value=D]");
            browser.click("#run-compare");
            browser.waitFor("#p-value");
            browser.scrollTo("#compare");
            browser.screenshot("study-compare");

            // then the page shows R's prop.test as the API computes it, and every version of the study
            assertThat(Double.parseDouble(browser.text("#p-value"))).isCloseTo(compare.at("/test/pValue").asDouble(),
                    org.assertj.core.data.Percentage.withPercentage(0.1));
            assertThat(Double.parseDouble(browser.text("#x-squared"))).isCloseTo(compare.at("/test/statistic").asDouble(),
                    org.assertj.core.data.Offset.offset(0.0001));
            assertThat(browser.texts("#versions tbody tr")).hasSize(versions.size());

            // and a set's page shows its box plot and survival curve with the API's figures
            browser.open("/studies/" + SampleRun.ARTIFACT_STUDY + "/sets/C?site=stackoverflow.com", "#survival-chart svg");
            browser.waitFor("#box-chart svg");
            browser.scrollTo("#difficulty");
            browser.screenshot("set-difficulty");
            browser.scrollTo("#survival");
            browser.screenshot("set-survival");
            assertThat(browser.text("#median-minutes")).isEqualTo(String.format(Locale.ROOT, "%.2f",
                    difficulty.at("/responseMinutes/median").asDouble()));
            // (no median when fewer than half the questions ever got an accepted answer)
            assertThat(browser.text("#survival-median")).isEqualTo(survival.path("medianMinutes").isNumber()
                    ? String.format(Locale.ROOT, "%.2f", survival.get("medianMinutes").asDouble()) : "–");
            assertThat(browser.texts("#box-table tbody td").get(0)).isEqualTo(difficulty.at("/responseMinutes/count").asText());

            // and the studies page links the reproduction report, which opens
            browser.open("/", "#reports a");
            assertThat(browser.texts("#reports a")).contains("index.html", "report.md");
            HttpResponse<String> report = get(gateway + "/reports/fse2020/index.html");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).contains("<h1>Reproduction: the test's report</h1>");
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(16)
    void shouldShowThePipelineLiveAndLetAnAdminPauseAndResumeAnOutbox() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String gateway = stack.settings().gatewayUrl();
        client.awaitDrained(Duration.ofMinutes(3));
        JsonNode status = json.readTree(get(gateway + "/api/status").body());
        JsonNode consistency = json.readTree(get(gateway + "/api/metrics/pipeline/consistency?site=stackoverflow.com").body());
        List<String> lag = new ArrayList<>();
        json.readTree(get(gateway + "/api/metrics/pipeline/lag").body()).get("groups").forEach(group ->
                group.get("lagPerTopic").fields().forEachRemaining(topic ->
                        lag.add(group.get("group").asText() + (group.get("suite").asBoolean() ? "" : " (subscriber)") + " "
                                + topic.getKey() + " " + topic.getValue().asLong())));

        try (BrowserCheck browser = new BrowserCheck(gateway)) {
            browser.signIn("erin");
            browser.open("/pipeline", "#reconciliation article[data-site='stackoverflow.com']");
            browser.screenshot("pipeline");
            assertThat(browser.layoutWidthAt(390)).isLessThanOrEqualTo(390);
            browser.layoutWidthAt(1280);

            // the services as the gateway polls them, and the reconciliation as the metrics compute it
            assertThat(browser.texts("#services tbody tr td.state")).hasSize(status.size()).containsOnly("UP");
            assertThat(browser.text("#reconciliation article[data-site='stackoverflow.com'] .verdict"))
                    .isEqualTo(consistency.get("consistent").asBoolean() ? "consistent" : "inconsistent");
            assertThat(browser.texts("#lag tbody tr")).containsExactlyInAnyOrderElementsOf(lag);

            // when the admin pauses the ingest outbox with a reason, and resumes it
            browser.type("tr[data-outbox=ingest] input[name=reason]", "checked from the browser");
            browser.click("tr[data-outbox=ingest] form.pause button");
            browser.waitForText("tr[data-outbox=ingest] .publishing", "paused by erin");
            JsonNode paused = json.readTree(get(gateway + "/api/ingest/outbox").body());
            browser.click("tr[data-outbox=ingest] button.resume");
            browser.waitForText("tr[data-outbox=ingest] .publishing", "publishing");

            // then the service paused and resumed, as its API says
            assertThat(paused.get("paused").asBoolean()).isTrue();
            assertThat(paused.get("reason").asText()).isEqualTo("checked from the browser");
            assertThat(json.readTree(get(gateway + "/api/ingest/outbox").body()).get("paused").asBoolean()).isFalse();
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(17)
    void shouldLetAResearcherSetUpARoundInTheBrowser() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String gateway = stack.settings().gatewayUrl();
        try (BrowserCheck browser = new BrowserCheck(gateway)) {
            browser.signIn("alice");
            browser.open("/rounds/new", "#round-setup");
            browser.type("#round-name", "set up in the browser");
            browser.choose("#round-study", SampleRun.ARTIFACT_STUDY);
            browser.choose("#round-set", "D");
            browser.type("#round-site", "stackoverflow.com");
            browser.choose("#round-taxonomy", "deployment-challenges");
            browser.type("#round-size", "3");
            browser.type("#round-seed", "5");
            browser.type("#raterA", "bob");
            browser.type("#raterB", "carol");
            browser.type("#arbitrator", "dan");
            browser.waitForText("#population", "Cochran");
            browser.screenshot("round-setup");
            browser.click("#create-round");
            browser.waitFor("#agreement, #disagreements");
            browser.screenshot("round-created");

            // then the round exists as asked, with the seeded sample drawn
            String id = browser.url().substring(browser.url().lastIndexOf('/') + 1);
            JsonNode round = json.readTree(get(gateway + "/api/taxonomy/rounds/" + id).body());
            assertThat(round.get("name").asText()).isEqualTo("set up in the browser");
            assertThat(round.get("seed").asLong()).isEqualTo(5);
            assertThat(round.get("raterA").asText()).isEqualTo("bob");
            assertThat(json.readTree(get(gateway + "/api/taxonomy/rounds/" + id + "/items").body())).hasSize(3);
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(18)
    void shouldIngestADumpUploadedFromTheBrowser() throws Exception {
        try (BrowserCheck browser = new BrowserCheck(stack.settings().gatewayUrl())) {
            browser.signIn("erin");
            browser.open("/data", "#upload-file");
            browser.attach("#upload-file", runDir.resolve("dumps").resolve(HOSTILE).resolve("Posts.xml"));
            browser.type("#upload-site", "hostile.example");
            browser.click("#upload");
            browser.waitForText("#job-state", "SUCCEEDED");
            browser.screenshot("upload-done");

            JsonNode job = client.job(browser.text("#job h2").replace("Job ", "").trim());
            assertThat(job.get("path").asText()).startsWith("uploads/");
            assertThat(job.get("rowsRead").asInt()).isEqualTo(2);
            assertThat(browser.text("#job-percent")).isEqualTo("100 %");
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(19)
    void shouldShowTheTaxonomyItsSharesAndEditItInTheBrowser() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String gateway = stack.settings().gatewayUrl();
        String taxonomy = gateway + "/api/taxonomy/taxonomies/deployment-challenges";
        JsonNode nodes = json.readTree(get(taxonomy + "/nodes").body());
        int version = json.readTree(get(taxonomy).body()).get("version").asInt();
        JsonNode round = null;
        for (JsonNode r : json.readTree(get(gateway + "/api/taxonomy/rounds").body())) {
            if (r.get("name").asText().equals("browser round")) {
                round = r;
            }
        }
        assertThat(round).as("the round of the blind labeling test").isNotNull();
        List<Integer> shared = new ArrayList<>();
        json.readTree(get(gateway + "/api/taxonomy/rounds/" + round.get("id").asText() + "/shares").body())
                .forEach(share -> {
                    if (share.get("questions").asInt() > 0) {
                        shared.add(share.get("questions").asInt());
                    }
                });

        try (BrowserCheck browser = new BrowserCheck(gateway)) {
            browser.signIn("alice");
            browser.open("/taxonomies/deployment-challenges", "#taxonomy-tree li");

            // the tree has every node of the current version
            assertThat(browser.texts("#taxonomy-tree li")).hasSize(nodes.size());

            // a round's shares as a sunburst and a table, as the API counts them
            browser.choose("#shares-round", round.get("id").asText());
            browser.waitFor("#shares-chart svg");
            browser.scrollTo("#shares-chart");
            browser.screenshot("taxonomy-shares");
            assertThat(browser.texts("#shares-table tbody tr td:nth-child(3)")).containsExactlyElementsOf(
                    shared.stream().map(String::valueOf).toList());

            // when the researcher adds a category under the first platform
            browser.choose("#edit-op", "add");
            browser.choose("#edit-parent", nodes.get(0).get("id").asText());
            browser.type("#edit-name", "Added in the browser");
            browser.click("#apply-edit");
            browser.waitFor("#edited");
            browser.screenshot("taxonomy-edited");

            // then a new version holds it, and the page shows that version's tree
            JsonNode after = json.readTree(get(taxonomy + "/nodes").body());
            assertThat(json.readTree(get(taxonomy).body()).get("version").asInt()).isEqualTo(version + 1);
            assertThat(after).hasSize(nodes.size() + 1);
            assertThat(browser.texts("#taxonomy-tree li")).hasSize(after.size());
            assertThat(browser.text("#taxonomy-tree")).contains("Added in the browser");

            // and a rename of it publishes exactly the name typed (nothing of the previous operation's fields)
            String added = null;
            for (JsonNode node : after) {
                if (node.get("name").asText().equals("Added in the browser")) {
                    added = node.get("id").asText();
                }
            }
            browser.choose("#edit-op", "rename");
            browser.choose("#edit-node", added);
            browser.type("#edit-name", "Renamed in the browser");
            browser.click("#apply-edit");
            browser.waitForText("#edited", "Version " + (version + 2));
            List<String> names = new ArrayList<>();
            json.readTree(get(taxonomy + "/nodes").body()).forEach(node -> names.add(node.get("name").asText()));
            assertThat(names).contains("Renamed in the browser").doesNotContain("Added in the browser");
            assertThat(browser.layoutWidthAt(390)).isLessThanOrEqualTo(390);
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(20)
    void shouldShowWhatANewStudyVersionChangedInTheBrowser() throws Exception {
        // given a study whose second version widens its one set from TensorFlow to TensorFlow or Keras
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String gateway = stack.settings().gatewayUrl();
        String study = gateway + "/api/classifier/studies/browser-versions";
        for (String tags : List.of("\"tensorflow\"", "\"tensorflow\", \"keras\"")) {
            int version = tags.contains("keras") ? 2 : 1;
            HttpResponse<String> published = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(gateway + "/api/classifier/studies"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"browser-versions\", \"version\": " + version
                            + ", \"title\": \"Versions in the browser\", \"sets\": [{\"id\": \"T\", \"name\": \"TensorFlow\","
                            + " \"rule\": {\"tag\": {\"contains\": [" + tags + "]}}}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(published.statusCode()).as(published.body()).isIn(200, 201);
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                for (JsonNode replay : json.readTree(get(study + "/reclassifications").body())) {
                    if (replay.get("toVersion").asInt() == version && replay.hasNonNull("finishedAt")) {
                        return true;
                    }
                }
                return false;
            });
        }
        client.awaitDrained(Duration.ofMinutes(3));
        JsonNode changes = json.readTree(get(study + "/versions/2/changes?limit=50&site=stackoverflow.com").body());

        try (BrowserCheck browser = new BrowserCheck(gateway)) {
            // when a researcher asks the study's page what version 2 changed
            browser.signIn("alice");
            browser.open("/studies/browser-versions?site=stackoverflow.com", "#versions button.show-changes");
            browser.click("#versions button.show-changes");
            browser.waitFor("#changes");
            browser.scrollTo("#versions");
            browser.screenshot("study-version-changes");

            // then it shows the questions that entered the set, as the classifier counts them
            assertThat(changes.at("/sets/T/entered").asLong()).isPositive();
            assertThat(browser.texts("#changes table:first-of-type tbody tr")).containsExactly(
                    "T " + changes.at("/sets/T/entered").asLong() + " " + changes.at("/sets/T/left").asLong());
            assertThat(browser.texts("#changes table:nth-of-type(2) tbody tr")).hasSize(changes.get("items").size());
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(21)
    void shouldSplitThePartitionsBetweenTwoInstancesOfEachConsumerAndCountAsOneInstanceDid() throws Exception {
        // given: a second instance of the classifier and of the metrics, each in its first instance's consumer groups
        stack.scale(2);
        awaitSplit("classifier-service", Topics.QUESTIONS);
        awaitSplit("metrics-service", Topics.QUESTIONS);
        awaitSplit("metrics-service", Topics.CLASSIFICATIONS);
        client.awaitReclassified(SampleRun.STUDY, Duration.ofMinutes(3));

        // when: the real site is loaded again under another name as two snapshots, the older first, so that the
        // newer one's edits and deletions must reach each question after its older state (per-key order)
        String scaled = "scaled.ai.example";
        for (String dump : List.of(OLDER_DUMP, DUMP)) {
            client.awaitJob(client.startJob("{\"path\":\"" + dump + "\",\"site\":\"" + scaled + "\"}"),
                    Duration.ofMinutes(3));
        }
        JsonNode consistency = client.awaitSettledConsistency(scaled, Duration.ofMinutes(3));

        // then: the figures equal those one instance of each counted from the newer snapshot alone (Order 1)
        assertThat(consistency.get("differences")).as(consistency.toString()).isEmpty();
        assertThat(consistency.get("settled").asBoolean()).as(consistency.toString()).isTrue();
        JsonNode single = client.awaitSettledConsistency(SITE, Duration.ofMinutes(1));
        assertThat(consistency.get("ingest")).isEqualTo(single.get("ingest"));
        assertThat(consistency.get("metrics")).isEqualTo(single.get("metrics"));
        String metrics = stack.settings().gatewayUrl() + "/api/metrics/studies/" + SampleRun.STUDY;
        for (String path : List.of("/sets", "/sets/A/trend", "/sets/B/trend", "/sets/A/difficulty", "/sets/B/difficulty",
                "/compare?a=C,D,E&b=N", "/sets/A/survival?curve=false")) {
            String separator = path.contains("?") ? "&" : "?";
            HttpResponse<String> two = get(metrics + path + separator + "site=" + scaled);
            HttpResponse<String> one = get(metrics + path + separator + "site=" + SITE);
            assertThat(List.of(two.statusCode(), one.statusCode())).as(path + ": " + two.body()).containsOnly(200);
            assertThat(withoutSite(two.body())).as(path).isEqualTo(withoutSite(one.body()));
        }
        assertThat(consistency.get("metrics").get("questions").asLong()).isPositive();
        stack.scale(1);
    }

    @Test
    @Order(22)
    void shouldRebuildTheMetricsAndTheClassifierFromTheTopicsToTheSameFigures() {
        // given every site the earlier tests loaded, settled (ProjectionRebuild reads their figures first)
        ProjectionRebuild rebuild = new ProjectionRebuild(stack, System.out);

        // when the metrics' database is dropped and their groups deleted, then the classifier's classifications emptied
        // and its groups deleted, each service catching up from the start of its topics
        boolean metricsSame = rebuild.run("metrics", Duration.ofMinutes(10));
        boolean classifierSame = rebuild.run("classifier", Duration.ofMinutes(10));

        // then every site's reconciliation (ingest, classifier and metrics figures) equals the one before
        assertThat(metricsSame).as("metrics rebuilt to the same figures").isTrue();
        assertThat(classifierSame).as("classifier rebuilt to the same figures").isTrue();
        assertThatThrownBy(() -> rebuild.run("ingest", Duration.ofMinutes(1))).isInstanceOf(StackException.class)
                .hasMessageContaining("holds what no topic has");
    }

    /** Waits until the group's members split the topic's partitions: two members, each holding some, none twice. */
    private static void awaitSplit(String group, String topic) {
        Map<String, Object> config = Map.of("bootstrap.servers", stack.settings().kafkaBootstrap());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                List<Integer> held = new java.util.ArrayList<>();
                int holders = 0;
                for (var member : description.members()) {
                    List<Integer> mine = member.assignment().topicPartitions().stream()
                            .filter(p -> p.topic().equals(topic)).map(p -> p.partition()).toList();
                    holders += mine.isEmpty() ? 0 : 1;
                    held.addAll(mine);
                }
                assertThat(holders).as(group + " members holding " + topic).isEqualTo(2);
                assertThat(held).as(group + " partitions of " + topic).hasSize(partitions)
                        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, partitions).boxed().toList());
            });
        }
    }

    /** A metrics answer without the site it names, so that two sites' figures compare. */
    private static JsonNode withoutSite(String body) throws IOException {
        JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        tree.findParents("site").forEach(parent -> ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove("site"));
        return tree;
    }

    /** Two posts of a site of their own: a question and an answer that try every way to run script. */
    private static void writeHostileDump(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        String question = "<p>a post that tries everything</p>"
                + "<script>window.__pwned='script'</script>"
                + "<img src=\"x\" onerror=\"window.__pwned='onerror'\">"
                + "<a href=\"javascript:window.__pwned='link'\">a javascript: link</a>"
                + "<a href=\"JaVaScRiPt&#58;window.__pwned='encoded link'\">an encoded one</a>"
                + "<iframe src=\"javascript:window.top.__pwned='iframe'\"></iframe>"
                + "<svg onload=\"window.__pwned='svg'\"><circle r=\"5\"/></svg>"
                + "<form action=\"javascript:window.__pwned='form'\"><button>go</button></form>"
                + "<object data=\"javascript:window.__pwned='object'\"></object>"
                + "<p style=\"background:url(javascript:window.__pwned='style')\">styled</p>"
                + "<pre><code>&lt;script&gt;this is code, shown&lt;/script&gt;</code></pre>";
        String answer = "<p>answer</p><img src=x onerror=\"window.__pwned='answer'\"><details open ontoggle=\"window.__pwned='toggle'\">x</details>";
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
                + "  <row Id=\"1\" PostTypeId=\"1\" AcceptedAnswerId=\"2\" CreationDate=\"2024-01-02T10:00:00.000\" Score=\"1\" "
                + "ViewCount=\"10\" Body=\"" + xmlAttribute(question) + "\" OwnerUserId=\"7\" "
                + "Title=\"" + xmlAttribute("<script>window.__pwned='title'</script> a hostile title") + "\" "
                + "Tags=\"&lt;tensorflow&gt;&lt;security&gt;\" AnswerCount=\"1\" CommentCount=\"0\" />\n"
                + "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"2024-01-02T11:00:00.000\" Score=\"1\" "
                + "Body=\"" + xmlAttribute(answer) + "\" OwnerUserId=\"8\" CommentCount=\"0\" />\n</posts>\n");
    }

    private static String xmlAttribute(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** QuestionUpserted event ids per question key, read from the topic until every question was seen. */
    private static Map<String, Set<String>> questionEvents(String keyPrefix, long questions) {
        java.util.Properties config = new java.util.Properties();
        config.put("bootstrap.servers", stack.settings().kafkaBootstrap());
        config.put("group.id", "it-" + java.util.UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        config.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
        Map<String, Set<String>> ids = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(config)) {
            consumer.subscribe(List.of(io.somining.contracts.Topics.QUESTIONS));
            while (ids.size() < questions && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var type = record.headers().lastHeader(io.somining.contracts.Topics.EVENT_TYPE_HEADER);
                    if (record.key().startsWith(keyPrefix) && type != null
                            && new String(type.value(), StandardCharsets.UTF_8).equals("QuestionUpserted")) {
                        var event = io.somining.contracts.EventCodec.decode(record.value(),
                                io.somining.contracts.QuestionUpserted.class);
                        ids.computeIfAbsent(record.key(), k -> new HashSet<>()).add(event.eventId());
                    }
                }
            }
        }
        return ids;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
