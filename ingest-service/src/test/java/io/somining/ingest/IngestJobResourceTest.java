package io.somining.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.AcceptedAnswerLinked;
import io.somining.contracts.EventCodec;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
// the functional tests act as an admin; SecuritySweepTest covers who may do what
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class IngestJobResourceTest {

    private static final String DUMP = "samples/ai.stackexchange.com_2017-03";
    private static final String SITE = "ai.stackexchange.com";

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    @Test
    void shouldStoreEveryQuestionOnceAndPublishNothingOnASecondIngest() throws Exception {
        // given: the questions and resolvable accepted answers, counted straight from the file
        String xml = Files.readString(Path.of("../data", DUMP, "Posts.xml"), StandardCharsets.UTF_8);
        Map<String, String> postTypeById = rows(xml).stream()
                .collect(Collectors.toMap(r -> attribute(r, "Id"), r -> attribute(r, "PostTypeId")));
        long questions = postTypeById.values().stream().filter("1"::equals).count();
        long resolvableAccepted = rows(xml).stream()
                .filter(r -> "1".equals(attribute(r, "PostTypeId")) && attribute(r, "AcceptedAnswerId") != null)
                .filter(r -> postTypeById.containsKey(attribute(r, "AcceptedAnswerId")))
                .count();

        // when
        String first = startAndAwait(DUMP);

        // then
        given().get("/jobs/" + first).then().statusCode(200)
                .body("questions", equalTo((int) questions))
                .body("changedQuestions", equalTo((int) questions))
                .body("linkedAnswers", equalTo((int) resolvableAccepted))
                .body("rowsRead", equalTo(postTypeById.size()))
                .body("site", equalTo(SITE))
                .body("dumpDate", equalTo("2017-03"));
        List<ConsumerRecord<String, String>> events = readSiteEvents(questions + resolvableAccepted);
        assertThat(events.stream().filter(r -> typeOf(r).equals(QuestionUpserted.TYPE))).hasSize((int) questions);
        assertThat(events.stream().filter(r -> typeOf(r).equals(AcceptedAnswerLinked.TYPE)))
                .hasSize((int) resolvableAccepted);
        // and each link names the question, the answer it accepts and that answer's creation time, as in the file
        Map<String, String> rowById = rows(xml).stream().collect(Collectors.toMap(r -> attribute(r, "Id"), r -> r));
        assertThat(events.stream().filter(r -> typeOf(r).equals(AcceptedAnswerLinked.TYPE))
                .map(r -> EventCodec.decode(r.value(), AcceptedAnswerLinked.class)))
                .allSatisfy(link -> {
                    String answer = rowById.get(String.valueOf(link.answerId()));
                    assertThat(attribute(rowById.get(String.valueOf(link.questionId())), "AcceptedAnswerId"))
                            .isEqualTo(String.valueOf(link.answerId()));
                    assertThat(link.answerCreationDate())
                            .isEqualTo(java.time.LocalDateTime.parse(attribute(answer, "CreationDate")).toInstant(java.time.ZoneOffset.UTC));
                    assertThat(link.site()).isEqualTo(SITE);
                });
        QuestionUpserted sample = events.stream().filter(r -> typeOf(r).equals(QuestionUpserted.TYPE))
                .map(r -> EventCodec.decode(r.value(), QuestionUpserted.class)).findFirst().orElseThrow();
        assertThat(sample.site()).isEqualTo(SITE);
        assertThat(sample.dumpId()).isEqualTo("ai.stackexchange.com@2017-03");

        // and the first load filled the site's own partition, attached with every index of post
        assertThat(partitionIndexes(SITE)).containsExactlyInAnyOrder("pkey", "site_parent_id_idx",
                "site_creation_date_idx", "tags_idx");

        // and the read API serves what was stored
        String firstAnswered = rows(xml).stream()
                .filter(r -> "1".equals(attribute(r, "PostTypeId")) && attribute(r, "AcceptedAnswerId") != null
                        && postTypeById.containsKey(attribute(r, "AcceptedAnswerId")))
                .findFirst().orElseThrow();
        String questionId = attribute(firstAnswered, "Id");
        long answersInFile = rows(xml).stream().filter(r -> questionId.equals(attribute(r, "ParentId"))).count();
        given().get("/questions/" + SITE + "/" + questionId).then().statusCode(200)
                .body("answers", org.hamcrest.Matchers.hasSize((int) answersInFile))
                .body("answers.find { it.accepted }.id", equalTo(Integer.parseInt(attribute(firstAnswered, "AcceptedAnswerId"))));
        java.util.Set<Object> seen = new java.util.HashSet<>();
        Object cursor = 0;
        while (cursor != null) {
            var page = given().get("/questions?site=" + SITE + "&limit=100&after=" + cursor).then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.get("next");
        }
        assertThat(seen).hasSize((int) questions);
        given().get("/dumps").then().statusCode(200)
                .body("find { it.site == '" + SITE + "' }.questions", equalTo((int) questions))
                .body("find { it.site == '" + SITE + "' }.checksums[0]", org.hamcrest.Matchers.startsWith("Posts.xml sha256:"));

        // when: the same dump again
        String second = startAndAwait(DUMP);

        // then: nothing changed, nothing new was published
        given().get("/jobs/" + second).then().statusCode(200)
                .body("questions", equalTo((int) questions))
                .body("changedQuestions", equalTo(0))
                .body("linkedAnswers", equalTo(0));
        List<ConsumerRecord<String, String>> after = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(),
                Topics.QUESTIONS, r -> false, Duration.ofSeconds(3));
        assertThat(after.stream().filter(r -> r.key().startsWith(SITE + "/")))
                .hasSize((int) (questions + resolvableAccepted));
    }

    @Test
    void shouldCountWhatAFailedJobStoredAndNotTheBatchItRolledBack() throws Exception {
        // given: the database refuses the job's checkpoint once it passes 500 rows, so the third batch of 200
        // rows (this test's batch size) rolls back after its rows were read and counted
        String site = "failing-batch.example";
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION fail_third_batch() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'refused by the test'; END $$""");
            statement.execute("""
                    CREATE TRIGGER fail_third_batch BEFORE UPDATE ON ingest_job FOR EACH ROW
                    WHEN (NEW.site = 'failing-batch.example' AND NEW.rows_read > 500 AND NEW.state = 'RUNNING')
                    EXECUTE FUNCTION fail_third_batch()""");
        }
        try {
            // when
            String id = given().contentType("application/json")
                    .body("{\"path\":\"samples/ai.stackexchange.com_2016-09_postsonly\",\"site\":\"" + site + "\"}")
                    .post("/jobs").then().statusCode(202).extract().path("id");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/jobs/" + id).then().body("state", equalTo("FAILED")));

            // then: the job's counts are what is stored, counted in the database
            long[] stored = new long[3];
            try (var connection = dataSource.getConnection(); var count = connection.prepareStatement(
                    "SELECT count(*), count(*) FILTER (WHERE post_type = 1), count(*) FILTER (WHERE post_type = 2) "
                            + "FROM post WHERE site = ?")) {
                count.setString(1, site);
                try (var result = count.executeQuery()) {
                    result.next();
                    for (int i = 0; i < 3; i++) {
                        stored[i] = result.getLong(i + 1);
                    }
                }
            }
            assertThat(stored[0]).isEqualTo(400);
            given().get("/jobs/" + id).then().statusCode(200)
                    .body("rowsRead", equalTo((int) stored[0]))
                    .body("questions", equalTo((int) stored[1]))
                    .body("answers", equalTo((int) stored[2]))
                    .body("changedQuestions", equalTo((int) stored[1]))
                    .body("error", org.hamcrest.Matchers.notNullValue());
        } finally {
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("DROP TRIGGER fail_third_batch ON ingest_job");
            }
        }
    }

    @Test
    void shouldNameFilesAsTheClientDoesAndNeverTheServersLayout() throws Exception {
        String serverDataDir = Path.of("../data").toRealPath().toString();
        // a failed upload: its error names the file under the data directory, where the position is
        Path dtd = Files.createTempFile("bomb", ".xml");
        Files.writeString(dtd, "<?xml version=\"1.0\"?>\n<!DOCTYPE posts [<!ENTITY a \"b\">]><posts></posts>\n");
        String failed = given().multiPart("file", dtd.toFile(), "application/xml").multiPart("site", "paths.example")
                .post("/jobs/upload").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/jobs/" + failed).then().body("state", equalTo("FAILED")));
        String error = given().get("/jobs/" + failed).then().extract().path("error");
        assertThat(error).matches("uploads/[0-9a-f-]{36}/bomb[0-9]*\\.xml:2:\\d+: .*DTD.*").doesNotContain(serverDataDir);

        // a warning of a row skipped
        Path dump = Files.createDirectories(Path.of("../data/uploads/paths-test.example_2020-01"));
        Files.writeString(dump.resolve("Posts.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
                + "  <row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2020-01-01T00:00:00.000\" Title=\"t\" Body=\"b\" Tags=\"&lt;x&gt;\" />\n"
                + "  <row Id=\"2\" PostTypeId=\"1\" Title=\"no date\" />\n</posts>\n");
        String warned = startAndAwait("uploads/paths-test.example_2020-01");
        List<String> warnings = given().get("/jobs/" + warned).then().extract().path("warnings");
        assertThat(warnings).singleElement().asString()
                .startsWith("uploads/paths-test.example_2020-01/Posts.xml:4: row skipped").doesNotContain(serverDataDir);

        // a refusal: the problem document names the file as the request did
        Path empty = Files.createDirectories(Path.of("../data/uploads/paths-empty"));
        Files.writeString(empty.resolve("empty.xml"), "");
        String detail = given().contentType("application/json")
                .body("{\"path\":\"uploads/paths-empty/empty.xml\",\"site\":\"paths.example\"}").post("/jobs")
                .then().statusCode(400).extract().path("detail");
        assertThat(detail).contains("uploads/paths-empty/empty.xml").doesNotContain(serverDataDir);

        // a request naming the file by its absolute path: the job keeps it as the data directory names it
        String absolute = given().contentType("application/json").body("{\"path\":\"" + serverDataDir
                        + "/uploads/paths-test.example_2020-01/./Posts.xml\",\"validateOnly\":true}").post("/jobs")
                .then().statusCode(202).extract().path("id");
        given().get("/jobs/" + absolute).then().body("path", equalTo("uploads/paths-test.example_2020-01/Posts.xml"));

        // a refused upload is not kept
        Path notADump = Files.createTempFile("not-a-dump", ".xml");
        long uploadsBefore = countUploads();
        given().multiPart("file", notADump.toFile(), "application/xml").multiPart("site", "paths.example")
                .post("/jobs/upload").then().statusCode(400).body("detail", containsString("not a dump"));
        assertThat(countUploads()).isEqualTo(uploadsBefore);
    }

    private static long countUploads() throws IOException {
        try (var folders = Files.list(Path.of("../data/uploads"))) {
            return folders.count();
        }
    }

    @Test
    void shouldCancelAQueuedJobAtOnceAndPageThroughJobsAndDumps() throws Exception {
        // given: a job kept running (each of its checkpoints waits a second) and one queued behind it
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION slow_checkpoint() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN PERFORM pg_sleep(1); RETURN NEW; END $$""");
            statement.execute("""
                    CREATE TRIGGER slow_checkpoint BEFORE UPDATE ON ingest_job FOR EACH ROW
                    WHEN (NEW.site = 'slow.example' AND NEW.state = 'RUNNING') EXECUTE FUNCTION slow_checkpoint()""");
        }
        try {
            String running = given().contentType("application/json")
                    .body("{\"path\":\"samples/ai.stackexchange.com_2016-09_postsonly\",\"site\":\"slow.example\"}")
                    .post("/jobs").then().statusCode(202).extract().path("id");
            String queued = given().contentType("application/json")
                    .body("{\"path\":\"samples/ai.stackexchange.com_2016-09_postsonly\",\"site\":\"queued.example\"}")
                    .post("/jobs").then().statusCode(202).extract().path("id");

            // when: the queued one is cancelled
            given().post("/jobs/" + queued + "/cancel").then().statusCode(202).body("state", equalTo("CANCELLED"));

            // then: it ends at once, and stays so once the queue reaches it, having read nothing
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().get("/jobs/" + running).then().body("state", equalTo("SUCCEEDED")));
            given().get("/jobs/" + queued).then().body("state", equalTo("CANCELLED")).body("rowsRead", equalTo(0));
            given().post("/jobs/" + queued + "/cancel").then().statusCode(409);
        } finally {
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("DROP TRIGGER slow_checkpoint ON ingest_job");
            }
        }

        // pages of one job each walk the list without repeating or skipping
        List<String> all = given().get("/jobs?limit=100").then().extract().path("id");
        List<String> paged = new java.util.ArrayList<>();
        for (int offset = 0; offset < Math.min(all.size(), 5); offset++) {
            paged.addAll(given().get("/jobs?limit=1&offset=" + offset).then().statusCode(200).extract().path("id"));
        }
        assertThat(paged).isEqualTo(all.subList(0, Math.min(all.size(), 5)));
        List<String> dumps = given().get("/dumps?limit=100").then().extract().path("path");
        assertThat(dumps).isNotEmpty();
        assertThat(given().get("/dumps?limit=1&offset=" + (dumps.size() - 1)).then().statusCode(200)
                .extract().<List<String>>path("path")).containsExactly(dumps.get(dumps.size() - 1));
        given().get("/jobs?offset=-1").then().statusCode(400);
    }

    @Test
    void shouldRefuseAPathOutsideTheDataDirectory() {
        given().contentType("application/json").body("{\"path\":\"../pom.xml\",\"site\":\"stackoverflow.com\"}")
                .post("/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("path outside the data directory: ../pom.xml"));
        // the data directory itself is named as such, not by where it is on the server
        given().contentType("application/json").body("{\"path\":\".\",\"validateOnly\":true}").post("/jobs")
                .then().statusCode(400).body("detail", containsString("in the data directory"))
                .body("detail", org.hamcrest.Matchers.not(containsString("/data")));
        given().contentType("application/json").body("{\"path\":\"a\\u0000b\"}").post("/jobs")
                .then().statusCode(400).body("detail", equalTo("path: 'a\\u0000b' is not a valid path"));
        // whether a file outside exists is no answer to give (issue 23: a file-existence oracle)
        for (String path : List.of("../../../../etc/passwd", "../../../../etc/no-such-file", "/etc/passwd", "/no-such-file")) {
            given().contentType("application/json").body("{\"path\":\"" + path + "\"}").post("/jobs")
                    .then().statusCode(400).body("detail", equalTo("path outside the data directory: " + path));
        }
    }

    @Test
    void shouldNameTheFieldsOfAnInvalidRequest() {
        given().contentType("application/json").body("{\"path\":\"\",\"dumpDate\":\"March\"}")
                .post("/jobs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("path", "dumpDate"));
    }

    @Test
    void shouldCancelARunningJobAndRefuseToCancelItTwice() {
        // given: the artifact, several batches long
        String id = given().contentType("application/json").body("{\"path\":\"samples/fse2020-artifact\"}")
                .post("/jobs").then().statusCode(202).extract().path("id");

        // when
        given().post("/jobs/" + id + "/cancel").then().statusCode(202).body("id", equalTo(id));

        // then: it stops after a batch, keeping what it stored
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/jobs/" + id).then()
                .body("state", equalTo("CANCELLED")));
        int rows = given().get("/jobs/" + id).then().extract().path("rowsRead");
        assertThat(rows).isLessThan(5702);
        given().post("/jobs/" + id + "/cancel").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("job " + id + " is already CANCELLED"));
        given().post("/jobs/00000000-0000-0000-0000-000000000009/cancel").then().statusCode(404);
    }

    @Test
    void shouldIngestAnUploadedCompressedDump() throws IOException {
        // given: the 2016-12 dump gzipped, under a name that says nothing
        Path gzip = Files.createTempFile("upload", ".bin");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            Files.copy(Path.of("../data/samples/ai.stackexchange.com_2016-12/Posts.xml"), out);
        }
        long questions = rows(Files.readString(Path.of("../data/samples/ai.stackexchange.com_2016-12/Posts.xml"),
                StandardCharsets.UTF_8)).stream().filter(r -> "1".equals(attribute(r, "PostTypeId"))).count();

        // when
        String id = given().multiPart("file", gzip.toFile(), "application/octet-stream")
                .multiPart("site", "uploads.example").multiPart("dumpDate", "2016-12")
                .post("/jobs/upload").then().statusCode(202).extract().path("id");

        // then
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/jobs/" + id).then()
                .body("state", equalTo("SUCCEEDED"))
                .body("site", equalTo("uploads.example"))
                .body("questions", equalTo((int) questions))
                .body("path", org.hamcrest.Matchers.startsWith("uploads/")));
        given().multiPart("site", "uploads.example").post("/jobs/upload").then().statusCode(400)
                .body("detail", containsString("form field 'file' is missing"));
        Files.delete(gzip);
    }

    @Test
    void shouldValidateADumpWithoutStoringIt() throws IOException {
        long questions = rows(Files.readString(Path.of("../data/samples/ai.stackexchange.com_2016-09_postsonly/Posts.xml"),
                StandardCharsets.UTF_8)).stream().filter(r -> "1".equals(attribute(r, "PostTypeId"))).count();
        String id = given().contentType("application/json")
                .body("{\"path\":\"samples/ai.stackexchange.com_2016-09_postsonly\",\"site\":\"validate.example\",\"validateOnly\":true}")
                .post("/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/jobs/" + id).then()
                .body("state", equalTo("SUCCEEDED"))
                .body("validateOnly", equalTo(true))
                .body("questions", equalTo((int) questions))
                .body("changedQuestions", equalTo(0)));
        given().get("/questions?site=validate.example").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
    }

    @Test
    void shouldCapThePageSize() {
        given().get("/jobs?limit=101").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void shouldRefuseAFileThatIsNotADump() {
        given().contentType("application/json").body("{\"path\":\"taxonomy/deployment-challenges.json\",\"site\":\"stackoverflow.com\"}")
                .post("/jobs")
                .then().statusCode(202);
        // a JSON object that is not a post row: the job fails naming the file and line
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/jobs?limit=1").then()
                .body("[0].state", equalTo("FAILED"))
                .body("[0].error", containsString("deployment-challenges.json:1:"))
                .body("[0].error", containsString("not a JSON object: the line ends inside it"))
                // in the file's terms, not the JSON reader's
                .body("[0].error", org.hamcrest.Matchers.not(containsString("StreamReadFeature"))));
    }

    @Test
    void shouldStoreEachArtifactQuestionOnceThoughTheFilesRepeatSome() throws IOException {
        // given: the artifact's question rows, some in two of its files
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        long questionRows = 0;
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String file : List.of("dl_browser_post.txt", "dl_mobile_post.txt", "dl_server_post.txt")) {
            for (String line : Files.readAllLines(Path.of("../data/samples/fse2020-artifact", file))) {
                questionRows++;
                distinct.add(json.readTree(line).get("Id").asLong());
            }
        }
        assertThat(distinct.size()).isLessThan((int) questionRows);

        // when: a first load, which copies rows straight in until it meets a repeated post, then merges
        String job = startAndAwait("samples/fse2020-artifact");

        // then: rows as read, each question counted once
        given().get("/jobs/" + job).then().statusCode(200)
                .body("questions", equalTo(distinct.size()))
                .body("changedQuestions", equalTo(distinct.size()));
        // the inventory and the events count each question once too
        given().get("/dumps").then().statusCode(200)
                .body("find { it.site == 'stackoverflow.com' }.questions", equalTo(distinct.size()));
        var published = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(), Topics.QUESTIONS,
                records -> records.stream().filter(r -> r.key().startsWith("stackoverflow.com/")
                        && typeOf(r).equals(QuestionUpserted.TYPE)).count() >= distinct.size(), Duration.ofSeconds(30));
        assertThat(published.stream().filter(r -> r.key().startsWith("stackoverflow.com/")
                && typeOf(r).equals(QuestionUpserted.TYPE)).count())
                .as("one event per question, none for a repeated row")
                .isEqualTo(distinct.size());
    }

    /**
     * The indexes of the site's partition of post, named without the partition's prefix; empty
     * unless the partition is attached.
     */
    private List<String> partitionIndexes(String site) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection();
                var indexes = connection.prepareStatement("""
                        SELECT substr(i.indexname, length(post_partition(?)) + 2) FROM pg_indexes i
                        JOIN pg_inherits h ON h.inhrelid = to_regclass(post_partition(?))
                        WHERE i.tablename = post_partition(?)""")) {
            for (int p = 1; p <= 3; p++) {
                indexes.setString(p, site);
            }
            List<String> names = new java.util.ArrayList<>();
            try (var result = indexes.executeQuery()) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
            return names;
        }
    }

    private static String startAndAwait(String path) {
        String id = given().contentType("application/json").body("{\"path\":\"" + path + "\"}")
                .post("/jobs")
                .then().statusCode(202)
                .header("Location", containsString("/jobs/"))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/jobs/" + id).then().body("state", equalTo("SUCCEEDED")));
        return id;
    }

    private static List<ConsumerRecord<String, String>> readSiteEvents(long expected) {
        return TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(), Topics.QUESTIONS,
                records -> records.stream().filter(r -> r.key().startsWith(SITE + "/")).count() >= expected,
                Duration.ofSeconds(30)).stream().filter(r -> r.key().startsWith(SITE + "/")).toList();
    }

    private static String typeOf(ConsumerRecord<String, String> record) {
        return new String(record.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8);
    }

    private static final Pattern ROW = Pattern.compile("<row(?:\\s+\\w+=\"[^\"]*\")*\\s*(?:/>|></row>)");

    private static List<String> rows(String xml) {
        Matcher matcher = ROW.matcher(xml);
        List<String> rows = new java.util.ArrayList<>();
        while (matcher.find()) {
            rows.add(matcher.group());
        }
        return rows;
    }

    private static String attribute(String row, String name) {
        Matcher matcher = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(row);
        return matcher.find() ? matcher.group(1) : null;
    }
}
