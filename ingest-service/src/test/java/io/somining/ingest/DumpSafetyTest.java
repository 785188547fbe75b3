package io.somining.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.somining.testing.RealInfrastructureResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A newer dump deletes what it no longer holds, and only that: a file with no rows, a row skipped as unreadable or
 * of an unknown post type, must never delete a stored post the dump still holds. Each case runs on a site of its
 * own, over the real ai.stackexchange.com 2016-09 dump; expectations are counted from the file in the test.
 */
@QuarkusTest
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class DumpSafetyTest {

    private static final String BASE = "samples/ai.stackexchange.com_2016-09_postsonly";
    private static final Pattern QUESTION_ROW = Pattern.compile("  <row Id=\"(\\d+)\" PostTypeId=\"1\"[^\n]*\n");

    @Test
    void shouldNotDeleteASitesPostsForAnEmptyDump() throws Exception {
        String site = "safety-empty.example";
        long questions = ingest(BASE, site, "2016-09").getLong("questions");

        String empty = given().contentType("application/json").body("{\"path\":\"" + write("safety-empty",
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n</posts>\n") + "\",\"site\":\"" + site
                + "\",\"dumpDate\":\"2016-10\"}").post("/jobs").then().statusCode(202).extract().path("id");

        // it fails as the broken file it is: nothing deleted, and it is no dump of the site's (a later 2016-09
        // correction is no "older dump")
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/jobs/" + empty).then()
                .body("state", equalTo("FAILED")).body("error", containsString("the dump holds no posts"))
                .body("deletedQuestions", equalTo(0)));
        assertThat(questionsServed(site)).isEqualTo(questions);
        given().get("/dumps?limit=100").then().body("findAll { it.site == '" + site + "' }.dumpDate",
                org.hamcrest.Matchers.contains("2016-09"));
    }

    @Test
    void shouldKeepAStoredQuestionWhoseRowTheNewerDumpHoldsUnreadable() throws Exception {
        String site = "safety-skipped.example";
        String xml = base();
        List<MatchResult> rows = questionRows(xml, 2);
        MatchResult first = rows.get(0);
        MatchResult second = rows.get(1);
        String id = first.group(1);
        long questions = ingest(BASE, site, "2016-09").getLong("questions");

        // its CreationDate removed, and another question's PostTypeId set to one Stack Exchange does not have
        String otherId = second.group(1);
        String broken = xml.replace(first.group(), first.group().replaceFirst(" CreationDate=\"[^\"]*\"", ""))
                .replace(second.group(), second.group().replace("PostTypeId=\"1\"", "PostTypeId=\"99\""));
        JsonPath job = ingest(write("safety-skipped", broken), site, "2016-10");

        assertThat(job.getLong("skippedRows")).isEqualTo(2);
        assertThat(job.getLong("deletedQuestions")).isZero();
        assertThat(job.getList("warnings", String.class))
                .anyMatch(w -> w.contains("field CreationDate = '': required"))
                .anyMatch(w -> w.contains("field PostTypeId = '99': not a Stack Exchange post type"));
        given().get("/questions/" + site + "/" + id).then().statusCode(200);
        given().get("/questions/" + site + "/" + otherId).then().statusCode(200);
        assertThat(questionsServed(site)).isEqualTo(questions);
    }

    @Test
    void shouldApplyNoDeletionsWhenASkippedRowHasNoReadableId() throws Exception {
        String site = "safety-no-id.example";
        String xml = base();
        List<MatchResult> rows = questionRows(xml, 2);
        MatchResult first = rows.get(0);
        MatchResult second = rows.get(1);
        long questions = ingest(BASE, site, "2016-09").getLong("questions");

        // one row without a readable Id, and one question really gone: which one the unreadable row was is unknown
        String broken = xml.replace(first.group(), first.group().replaceFirst("Id=\"\\d+\"", "Id=\"x\""))
                .replace(second.group(), "");
        JsonPath job = ingest(write("safety-no-id", broken), site, "2016-10");

        assertThat(job.getLong("deletedQuestions")).isZero();
        assertThat(job.getList("warnings", String.class)).anyMatch(w -> w.contains("without a readable Id"));
        assertThat(questionsServed(site)).isEqualTo(questions);
    }

    @Test
    void shouldWarnOfAPostTheFileHoldsTwiceWithBothLinesAndCountItOnce() throws Exception {
        String site = "safety-repeat.example";
        String xml = base();
        MatchResult first = questionRows(xml, 1).get(0);
        String id = first.group(1);
        long questions = xml.lines().filter(l -> l.contains(" PostTypeId=\"1\"")).count();
        // the question again at the end of the file, retitled
        String repeated = first.group().replaceFirst(" Title=\"[^\"]*\"", " Title=\"the later title\"");
        String twice = xml.replace("</posts>", repeated + "</posts>");
        long firstLine = xml.substring(0, first.start()).lines().count() + 1;
        long lastLine = twice.substring(0, twice.lastIndexOf(repeated)).lines().count() + 1;

        JsonPath job = ingest(write("safety-repeat", twice), site, "2016-09");

        assertThat(job.getLong("questions")).isEqualTo(questions);
        assertThat(job.getList("warnings", String.class)).contains("uploads/safety-repeat/Posts.xml:" + lastLine
                + ": post " + id + " repeats line " + firstLine
                + " of the same file; the later row is stored, and the post counted once");
        given().get("/questions/" + site + "/" + id).then().statusCode(200).body("title", equalTo("the later title"));
    }

    @Test
    void shouldWarnOfAnAnswerWhoseQuestionTheDumpDoesNotHold() throws Exception {
        String xml = base();
        Matcher answer = Pattern.compile("  <row Id=\"(\\d+)\" PostTypeId=\"2\" ParentId=\"\\d+\"[^\n]*\n").matcher(xml);
        assertThat(answer.find()).isTrue();
        String orphan = answer.group().replaceFirst("ParentId=\"\\d+\"", "ParentId=\"999999\"");
        String broken = xml.replace(answer.group(), orphan);
        long line = broken.substring(0, broken.indexOf(orphan)).lines().count() + 1;

        JsonPath job = ingest(write("safety-orphan", broken), "safety-orphan.example", "2016-09");

        assertThat(job.getList("warnings", String.class)).contains("1 answer(s) name a ParentId that is no question of"
                + " the dump; the first: answer " + answer.group(1) + " (uploads/safety-orphan/Posts.xml:" + line
                + ") names 999999");
    }

    @Test
    void shouldRefuseADumpDateThatIsNoMonthOfAStackExchangeDump() {
        for (String date : List.of("2016-13", "0000-01", "9999-12", "2016-02-30")) {
            given().contentType("application/json")
                    .body("{\"path\":\"" + BASE + "\",\"site\":\"safety-dates.example\",\"dumpDate\":\"" + date + "\"}")
                    .post("/jobs").then().statusCode(400).body("detail", containsString("dumpDate: '" + date + "'"));
        }
    }

    @Test
    void shouldRefuseADumpOlderThanTheSitesLatestStoredOne() {
        String site = "safety-order.example";
        ingest("samples/ai.stackexchange.com_2016-12", site, "2016-12");

        given().contentType("application/json")
                .body("{\"path\":\"" + BASE + "\",\"site\":\"" + site + "\",\"dumpDate\":\"2016-09\"}").post("/jobs")
                .then().statusCode(409).body("detail", containsString("older than its latest stored dump (2016-12)"));
        // reading it through stores nothing: allowed
        given().contentType("application/json")
                .body("{\"path\":\"" + BASE + "\",\"site\":\"" + site + "\",\"dumpDate\":\"2016-09\",\"validateOnly\":true}")
                .post("/jobs").then().statusCode(202);
        given().get("/dumps?limit=100").then().body("findAll { it.site == '" + site + "' }.dumpDate",
                org.hamcrest.Matchers.contains("2016-12"));
    }

    @Test
    void shouldKeepValidateOnlyJobsOutOfTheInventory() {
        String id = given().contentType("application/json")
                .body("{\"path\":\"" + BASE + "\",\"site\":\"safety-validate.example\",\"validateOnly\":true}")
                .post("/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/jobs/" + id).then().body("state", equalTo("SUCCEEDED")));

        given().get("/dumps?limit=100").then().statusCode(200).body("site", not(hasItem("safety-validate.example")));
    }

    /** The first question rows of a dump, as found in its text. */
    private static List<MatchResult> questionRows(String xml, int count) {
        List<MatchResult> rows = QUESTION_ROW.matcher(xml).results().limit(count).toList();
        assertThat(rows).hasSize(count);
        return rows;
    }

    private static String base() throws IOException {
        return Files.readString(Path.of("../data", BASE, "Posts.xml"), StandardCharsets.UTF_8);
    }

    /** A dump of the test's own under the data directory; answers its path there. */
    private static String write(String folder, String xml) throws IOException {
        Path dump = Files.createDirectories(Path.of("../data/uploads", folder));
        Files.writeString(dump.resolve("Posts.xml"), xml, StandardCharsets.UTF_8);
        return "uploads/" + folder;
    }

    private static JsonPath ingest(String path, String site, String dumpDate) {
        String id = given().contentType("application/json")
                .body("{\"path\":\"" + path + "\",\"site\":\"" + site + "\",\"dumpDate\":\"" + dumpDate + "\"}")
                .post("/jobs").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/jobs/" + id).then().body("state", equalTo("SUCCEEDED")));
        return given().get("/jobs/" + id).then().extract().jsonPath();
    }

    /** The questions the read API serves for a site, page by page. */
    private static long questionsServed(String site) {
        long count = 0;
        Object after = 0;
        while (after != null) {
            JsonPath page = given().get("/questions?site=" + site + "&limit=100&after=" + after).then().statusCode(200)
                    .extract().jsonPath();
            count += page.getList("items").size();
            after = page.get("next");
        }
        return count;
    }
}
