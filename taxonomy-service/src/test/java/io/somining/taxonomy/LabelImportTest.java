package io.somining.taxonomy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TestTokens;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FSE 2020 artifact's category.xlsx, imported through the shipped alias table, and what goes wrong without it. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "taxonomy"))
@WithTestResource(ClassifierStub.class)
class LabelImportTest {

    private static final String RESEARCHER = TestTokens.forSubject("rita", "researcher");
    private static final java.nio.file.Path ARTIFACT = java.nio.file.Path.of("../data/samples/fse2020-artifact");
    private static final File CATEGORIES = ARTIFACT.resolve("category.xlsx").toFile();
    private static final File ALIASES = new File("../data/taxonomy/fse2020-category-aliases.csv");

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void readDecimalsAsDoubles() {
        io.somining.testing.JsonNumbers.readDecimalsAsDoubles();
    }

    /** The classifier's members of fse2020-artifact: the questions of the artifact's files, read here. */
    @BeforeAll
    static void declareTheArtifactsSets() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (Map.Entry<String, String> file : Map.of("dl_server_post.txt", "C", "dl_mobile_post.txt", "D",
                "dl_browser_post.txt", "E").entrySet()) {
            List<String> members = new java.util.ArrayList<>();
            for (String line : java.nio.file.Files.readAllLines(ARTIFACT.resolve(file.getKey()))) {
                if (!line.isBlank()) {
                    members.add("stackoverflow.com/" + json.readTree(line).get("Id").asText());
                }
            }
            ClassifierStub.holds("fse2020-artifact", file.getValue(), members);
        }
        ClassifierStub.holds("fse2020", "C", List.of("stackoverflow.com/101"));
    }

    /** The shipped taxonomy is stored in the background at start. */
    private static RequestSpecification artifactImport() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(RESEARCHER).get("/taxonomies/deployment-challenges").then().statusCode(200));
        return given().auth().oauth2(RESEARCHER).multiPart("file", CATEGORIES)
                .multiPart("studyId", "fse2020-artifact").multiPart("sets", "server=C,mobile=D,browser=E");
    }

    @Test
    void shouldImportTheArtifactsLabelsThroughTheAliasTableAndComputeTheShares() throws Exception {
        // when the artifact's spreadsheet is imported with the shipped alias table
        JsonPath report = artifactImport().multiPart("aliases", ALIASES).post("/label-imports")
                .then().statusCode(201).extract().jsonPath();

        // then each sheet is a round of its set, with every row mapped (typos through the aliases)
        assertThat(report.getList("sheets.sheet")).containsExactly("server", "mobile", "browser");
        assertThat(report.getList("sheets.setId")).containsExactly("C", "D", "E");
        assertThat(report.getList("sheets.rows", Integer.class)).containsExactly(227, 231, 124);
        assertThat(report.getList("sheets.questions", Integer.class)).containsExactly(227, 231, 124);
        Map<String, Object> typo = report.getMap("sheets[0].mappings.find { it.label == 'enviroment - install/building frameworks' }");
        assertThat(typo).containsEntry("node", "Server/Cloud / Environment / Installing/building frameworks")
                .containsEntry("via", "alias").containsEntry("rows", 17);
        Map<String, Object> exact = report.getMap("sheets[1].mappings.find { it.label == 'model update' }");
        assertThat(exact).containsEntry("node", "Mobile / Model Update").containsEntry("via", "name").containsEntry("rows", 7);

        // and the shares per platform and node are computed from the imported labels
        assertShare(report.getString("sheets[0].roundId"), "Environment", 44, 44 / 227.0);
        assertShare(report.getString("sheets[1].roundId"), "Model Conversion", 61, 61 / 231.0);
        assertShare(report.getString("sheets[2].roundId"), "Model Loading", 29, 29 / 124.0);
        // as CSV, in tree order (each inner category followed by its leaves), with the shares' full precision
        List<String> csv = List.of(given().auth().oauth2(RESEARCHER).accept("text/csv")
                .get("/rounds/" + report.getString("sheets[0].roundId") + "/shares").then().statusCode(200)
                .extract().asString().split("\n"));
        int environment = csv.indexOf(csv.stream().filter(l -> l.contains(",Environment,")).findFirst().orElseThrow());
        assertThat(csv.get(environment)).endsWith(",Environment,44," + (44 / 227.0));
        assertThat(csv.get(environment + 1)).contains(",Installing/building frameworks,17,");

        // when imported again: the same import, nothing new
        long rounds = rounds();
        JsonPath again = artifactImport().multiPart("aliases", ALIASES).post("/label-imports")
                .then().statusCode(200).extract().jsonPath();
        assertThat(again.getString("id")).isEqualTo(report.getString("id"));
        assertThat(again.getList("sheets.roundId")).isEqualTo(report.getList("sheets.roundId"));
        assertThat(rounds()).isEqualTo(rounds);
        given().auth().oauth2(RESEARCHER).get("/label-imports/" + report.getString("id")).then().statusCode(200)
                .body("sheets", hasSize(3));
        // and listed among the study's imports, for a reader too
        given().auth().oauth2(TestTokens.forSubject("rhea", "reader")).get("/label-imports?studyId=fse2020-artifact")
                .then().statusCode(200).body("id", contains(report.getString("id")));
        given().auth().oauth2(RESEARCHER).get("/label-imports?limit=0").then().statusCode(400);
    }

    @Test
    void shouldReportEveryUnmappedLabelWithItsRowAndStoreNothing() throws Exception {
        long rounds = rounds();

        // when imported without the alias table
        JsonPath problem = artifactImport().post("/label-imports").then().statusCode(422)
                .contentType("application/problem+json").extract().jsonPath();

        // then the server sheet has no platform ('server' names none), and every hand-typed label of the
        // other sheets that names no node is reported with its row
        List<String> where = problem.getList("errors.field");
        // once for the sheet, not once per row of it (227 identical errors before)
        assertThat(where).filteredOn(w -> w.equals("category.xlsx, sheet server")).hasSize(1);
        assertThat(where).filteredOn(w -> w.startsWith("category.xlsx, sheet server, row ")).isEmpty();
        assertThat(where).filteredOn(w -> w.startsWith("category.xlsx, sheet mobile, row ")).hasSize(30);
        assertThat(where).filteredOn(w -> w.startsWith("category.xlsx, sheet browser, row ")).hasSize(17);
        assertThat(problem.getList("errors.message", String.class)).anySatisfy(message -> assertThat(message)
                .isEqualTo("'dl libraries compilation - procedure' names no category of Mobile in taxonomy "
                        + "deployment-challenges version 1, and the alias table does not map it"));
        assertThat(rounds()).isEqualTo(rounds);
    }

    @Test
    void shouldReportAMalformedRowOfACsvFileAndStoreNothing() throws Exception {
        long rounds = rounds();
        String csv = "sheet,url,category\n"
                + "server,https://stackoverflow.com/questions/101,model update\n"
                + "server,not a link,model update\n";

        artifactImport();
        given().auth().oauth2(RESEARCHER)
                .multiPart("file", "labels.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("aliases", ALIASES).multiPart("studyId", "fse2020").multiPart("sets", "server=C")
                .post("/label-imports").then().statusCode(422)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("labels.csv, sheet server, row 3, column url"))
                .body("errors[0].message", equalTo("'not a link' names no question (…/questions/<id>)"));
        assertThat(rounds()).isEqualTo(rounds);
    }

    @Test
    void shouldAnswerAFormThatIsCutOffOrHasNoBoundaryWith400() throws Exception {
        for (String contentType : List.of("multipart/form-data; boundary=xyz", "multipart/form-data; boundary=")) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/label-imports"))
                    .header("Authorization", "Bearer " + RESEARCHER).header("Content-Type", contentType)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "--xyz\r\nContent-Disposition: form-data; name=\"studyId\"\r\n\r\nfse2020\r\n--xyz")).build();
            var answer = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(contentType).isEqualTo(400);
            assertThat(answer.body()).as(contentType).contains("the request body is not a complete multipart form");
        }
    }

    @Test
    void shouldSayWhatIsWrongWithAWorkbookInTheFilesTermsNotTheReadersOwn() throws Exception {
        // a damaged workbook (a zip that holds no workbook) and a compression bomb (a megabyte of one character)
        java.io.ByteArrayOutputStream damaged = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(damaged)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            zip.write("not a workbook".getBytes(StandardCharsets.UTF_8));
        }
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bomb)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("[Content_Types].xml"));
            zip.write(new byte[4_000_000]);
        }
        java.util.Map<String, byte[]> files = java.util.Map.of("damaged.xlsx", damaged.toByteArray(), "bomb.xlsx", bomb.toByteArray());
        java.util.Map<String, String> expected = java.util.Map.of(
                "damaged.xlsx", "not a readable spreadsheet: damaged, or not an Excel workbook (.xlsx, .xls)",
                "bomb.xlsx", "not a readable spreadsheet: it expands far beyond its size, as a compression bomb does");
        for (var file : files.entrySet()) {
            given().auth().oauth2(RESEARCHER)
                    .multiPart("file", file.getKey(), file.getValue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .multiPart("aliases", ALIASES).multiPart("studyId", "fse2020").multiPart("sets", "server=C")
                    .post("/label-imports").then().statusCode(422)
                    .body("errors[0].field", equalTo(file.getKey()))
                    .body("errors[0].message", equalTo(expected.get(file.getKey())));
        }
    }

    @Test
    void shouldRefuseLabelsOfQuestionsOutsideTheirSetAndAnUnknownStudy() throws Exception {
        long rounds = rounds();
        // fse2020/C holds 101 here; 34889605 (a question of the artifact's mobile set) and 1 it does not
        String csv = "sheet,url,category\n"
                + "server,https://stackoverflow.com/questions/101,model update\n"
                + "server,https://stackoverflow.com/questions/34889605,model update\n"
                + "server,https://stackoverflow.com/questions/1,model update\n";
        artifactImport();
        given().auth().oauth2(RESEARCHER)
                .multiPart("file", "labels.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("aliases", ALIASES).multiPart("studyId", "fse2020").multiPart("sets", "server=C")
                .post("/label-imports").then().statusCode(422)
                .body("errors.field", contains("labels.csv, sheet server, row 3", "labels.csv, sheet server, row 4"))
                .body("errors[0].message", equalTo("question stackoverflow.com/34889605 is not a member of fse2020/C in the classifier"))
                .body("errors[1].message", equalTo("question stackoverflow.com/1 is not a member of fse2020/C in the classifier"));
        given().auth().oauth2(RESEARCHER)
                .multiPart("file", "labels.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("aliases", ALIASES).multiPart("studyId", "nostudy").multiPart("sets", "server=C")
                .post("/label-imports").then().statusCode(400)
                .body("detail", containsString("the classifier has no set 'C' in a study 'nostudy'"));
        assertThat(rounds()).isEqualTo(rounds);
    }

    @Test
    void shouldReportAQuestionOnTwoRowsAsOneLabelOfTwoCategories() throws Exception {
        String csv = "sheet,url,category\n"
                + "server,https://stackoverflow.com/questions/101,model update\n"
                + "server,https://stackoverflow.com/questions/101,model export - procedure\n";
        artifactImport();
        JsonPath report = given().auth().oauth2(RESEARCHER)
                .multiPart("file", "two-rows.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("aliases", ALIASES).multiPart("studyId", "fse2020").multiPart("sets", "server=C")
                .post("/label-imports").then().statusCode(201).extract().jsonPath();
        assertThat(report.getInt("sheets[0].rows")).isEqualTo(2);
        assertThat(report.getInt("sheets[0].questions")).isEqualTo(1);
        assertThat(report.getList("sheets[0].onSeveralRows.postId", Long.class)).containsExactly(101L);
        assertThat(report.getList("sheets[0].onSeveralRows[0].rows", Integer.class)).containsExactly(2, 3);
        assertThat(report.getInt("sheets[0].onSeveralRows[0].categories")).isEqualTo(2);
    }

    @Test
    void shouldImportAReviewsDecisionsAsARelevanceRoundWhoseKeptQuestionsAreTheReviewedMembers() throws Exception {
        // given: three browser questions of the artifact, two kept and one dropped; a bad cell and a conflict
        List<String> browser = new java.util.ArrayList<>();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : java.nio.file.Files.readAllLines(ARTIFACT.resolve("dl_browser_post.txt")).subList(0, 3)) {
            browser.add(json.readTree(line).get("Id").asText());
        }
        String bad = "sheet,url,category\nbrowser,https://stackoverflow.com/questions/" + browser.get(0) + ",maybe\n"
                + "browser,https://stackoverflow.com/questions/" + browser.get(1) + ",KEEP\n"
                + "browser,https://stackoverflow.com/questions/" + browser.get(1) + ",drop\n"
                + "browser,not a link,KEEP\n";
        artifactImport();
        given().auth().oauth2(RESEARCHER).multiPart("file", "review.csv", bad.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("studyId", "fse2020-artifact").multiPart("sets", "browser=E").multiPart("kind", "RELEVANCE")
                .post("/label-imports").then().statusCode(422)
                // in row order, though the file is read (row 5's link) before the rows are checked
                .body("errors.field", contains("review.csv, sheet browser, row 2, column category", "review.csv, sheet browser, row 4",
                        "review.csv, sheet browser, row 5, column url"))
                .body("errors[0].message", equalTo("'maybe' is no decision of a relevance review: KEEP or DROP"))
                .body("errors[1].message", equalTo("question stackoverflow.com/" + browser.get(1) + " is KEEP on row 3 and DROP here"));

        // when: the decisions are imported
        String csv = "sheet,url,category\nbrowser,https://stackoverflow.com/questions/" + browser.get(0) + ",KEEP\n"
                + "browser,https://stackoverflow.com/questions/" + browser.get(1) + ",keep\n"
                + "browser,https://stackoverflow.com/questions/" + browser.get(2) + ",DROP\n";
        JsonPath report = given().auth().oauth2(RESEARCHER).multiPart("file", "review.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("studyId", "fse2020-artifact").multiPart("sets", "browser=E").multiPart("kind", "RELEVANCE")
                .post("/label-imports").then().statusCode(201).extract().jsonPath();

        // then: one relevance round, its kept questions the two KEEPs
        assertThat(report.getString("kind")).isEqualTo("RELEVANCE");
        assertThat(report.getString("taxonomyId")).isNull();
        assertThat(report.getList("sheets.mappings[0].label")).containsExactly("DROP", "KEEP");
        assertThat(report.getList("sheets.mappings[0].rows", Integer.class)).containsExactly(1, 2);
        String round = report.getString("sheets[0].roundId");
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round).then().statusCode(200).body("kind", equalTo("RELEVANCE"));
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/kept").then().statusCode(200)
                .body("postId", org.hamcrest.Matchers.containsInAnyOrder(Integer.parseInt(browser.get(0)), Integer.parseInt(browser.get(1))));
        given().auth().oauth2(RESEARCHER).multiPart("file", "review.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("studyId", "fse2020-artifact").multiPart("sets", "browser=E").multiPart("kind", "OTHER")
                .post("/label-imports").then().statusCode(400).body("detail", containsString("kind: CATEGORY or RELEVANCE"));
    }

    private static void assertShare(String round, String node, int questions, double share) {
        JsonPath shares = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/shares").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Object> row = shares.getMap("find { it.name == '" + node + "' && it.depth == 1 }");
        assertThat(row).containsEntry("questions", questions);
        assertThat((Double) row.get("share")).isCloseTo(share, org.assertj.core.api.Assertions.within(1e-12));
    }

    private long rounds() throws Exception {
        try (Connection connection = dataSource.getConnection();
                ResultSet count = connection.createStatement().executeQuery("SELECT count(*) FROM labeling_round")) {
            count.next();
            return count.getLong(1);
        }
    }
}
