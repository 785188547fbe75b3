package io.somining.taxonomy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TestTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Renames, moves, merges and deletes make a new version, and the labels given before stay attached. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "taxonomy"))
@WithTestResource(ClassifierStub.class)
class TaxonomyEditTest {

    private static final String ADMIN = TestTokens.forSubject("ada", "admin");
    private static final String RESEARCHER = TestTokens.forSubject("rita", "researcher");
    private static final String ALICE = TestTokens.forSubject("alice", "rater");
    private static final String BOB = TestTokens.forSubject("bob", "rater");
    private static final String SITE = "edit.test.example";

    @org.junit.jupiter.api.BeforeAll
    static void declareTheSetsMembers() {
        ClassifierStub.holds("s", "C", java.util.List.of(SITE + "/1", SITE + "/2", SITE + "/3", SITE + "/9"));
    }
    private static final String TAXONOMY = "edit-test";

    @Test
    void shouldKeepEveryLabelAttachedThroughRenameMoveMergeAndDelete() {
        // given a taxonomy, and a round whose raters labeled q1 with "Envirnment / Install" and q2 with "Envirnment / Build"
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"name": "Edits", "version": 1, "nodes": [{"name": "Web", "children": [
                    {"name": "Envirnment", "children": [{"name": "Install"}, {"name": "Build"}]},
                    {"name": "Serving", "children": [{"name": "Batching"}]},
                    {"name": "Other"}]}]}""").put("/taxonomies/" + TAXONOMY).then().statusCode(201);
        Map<String, String> v1 = nodeIds();
        String round = given().auth().oauth2(RESEARCHER).contentType("application/json").body("""
                {"name": "edits", "kind": "CATEGORY", "studyId": "s", "setId": "C", "taxonomyId": "%s",
                 "raterA": "alice", "raterB": "bob", "arbitrator": "ada", "seed": 1, "size": 3,
                 "population": ["%s/1", "%s/2", "%s/3"]}""".formatted(TAXONOMY, SITE, SITE, SITE))
                .post("/rounds").then().statusCode(201).extract().path("id");
        for (String rater : List.of(ALICE, BOB)) {
            label(rater, round, 1, v1.get("Web / Envirnment / Install"));
            label(rater, round, 2, v1.get("Web / Envirnment / Build"));
        }

        // when the typo is fixed, Batching moves under Envirnment, Build merges into Install, Other goes and Caching comes
        JsonPath edited = given().auth().oauth2(RESEARCHER).contentType("application/json").body("""
                {"basedOn": 1, "operations": [
                  {"op": "rename", "node": "%s", "name": "Environment"},
                  {"op": "move", "node": "%s", "parent": "%s"},
                  {"op": "merge", "node": "%s", "into": "%s"},
                  {"op": "delete", "node": "%s"},
                  {"op": "add", "parent": "%s", "name": "Caching"}]}""".formatted(
                        v1.get("Web / Envirnment"), v1.get("Web / Serving / Batching"), v1.get("Web / Envirnment"),
                        v1.get("Web / Envirnment / Build"), v1.get("Web / Envirnment / Install"), v1.get("Web / Other"),
                        v1.get("Web / Serving")))
                .post("/taxonomies/" + TAXONOMY + "/edits").then().statusCode(201).extract().jsonPath();

        // then version 2 has the new tree, the round moved to it, and both questions' labels point to Install's new node
        assertThat(edited.getInt("version.version")).isEqualTo(2);
        assertThat(edited.getInt("roundsMoved")).isEqualTo(1);
        assertThat(edited.getList("changes", String.class)).containsExactly("renamed 'Envirnment' to 'Environment'",
                "moved 'Batching' under 'Environment'", "merged 'Build' into 'Install' (its labels now count there)",
                "deleted 'Other'", "added 'Caching' under 'Serving'");
        Map<String, String> v2 = nodeIds();
        assertThat(v2.keySet()).containsExactlyInAnyOrder("Web", "Web / Environment", "Web / Environment / Install",
                "Web / Environment / Batching", "Web / Serving", "Web / Serving / Caching");
        String install = v2.get("Web / Environment / Install");
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/status").then().statusCode(200)
                .body("find { it.postId == 1 }.finalLabels", equalTo(List.of(install)))
                .body("find { it.postId == 2 }.finalLabels", equalTo(List.of(install)));
        JsonPath shares = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/shares").then().statusCode(200)
                .extract().jsonPath();
        assertThat(shares.getInt("find { it.nodeId == '" + install + "' }.questions")).isEqualTo(2);
        assertThat(shares.getInt("find { it.nodeId == '" + v2.get("Web / Environment") + "' }.questions")).isEqualTo(2);

        // and a rater may label the question left with the new version's nodes
        label(ALICE, round, 3, v2.get("Web / Environment / Batching"));
    }

    @Test
    void shouldRefuseToDeleteANodeHoldingLabelsAndAStaleOrCyclicEdit() {
        // given a taxonomy whose node "Kept" holds a label
        String taxonomy = TAXONOMY + "-refusals";
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"name": "Refusals", "version": 1, "nodes": [{"name": "Top", "children": [{"name": "Kept", "children": [{"name": "Leaf"}]}, {"name": "Spare"}]}]}""")
                .put("/taxonomies/" + taxonomy).then().statusCode(201);
        Map<String, String> v1 = nodeIds(taxonomy);
        String round = given().auth().oauth2(RESEARCHER).contentType("application/json").body("""
                {"name": "refusals", "kind": "CATEGORY", "studyId": "s", "setId": "C", "taxonomyId": "%s",
                 "raterA": "alice", "raterB": "bob", "arbitrator": "ada", "seed": 1, "size": 1, "population": ["%s/9"]}"""
                .formatted(taxonomy, SITE)).post("/rounds").then().statusCode(201).extract().path("id");
        label(ALICE, round, 9, v1.get("Top / Kept / Leaf"));

        // then deleting it (through its parent) is refused, with the way out named
        edit(taxonomy, 1, "{\"op\": \"delete\", \"node\": \"" + v1.get("Top / Kept") + "\"}").statusCode(409)
                .body("detail", equalTo("operations[0]: 'Kept' (or a node under it) holds 1 label(s); merge it into "
                        + "another node instead (op merge, into)"));
        // a node cannot move under its own child
        edit(taxonomy, 1, "{\"op\": \"move\", \"node\": \"" + v1.get("Top / Kept") + "\", \"parent\": \""
                + v1.get("Top / Kept / Leaf") + "\"}").statusCode(400)
                .body("detail", containsString("cannot move under itself"));
        // a body of the wrong shape: the field and what it takes, in the client's terms
        given().auth().oauth2(RESEARCHER).contentType("application/json").body("{\"basedOn\": \"abc\", \"operations\": []}")
                .post("/taxonomies/" + taxonomy + "/edits").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("the request body: basedOn: 'abc' is not a whole number"));
        given().auth().oauth2(ALICE).contentType("application/json").body("{\"labels\": \"x\"}")
                .put("/rounds/" + round + "/items/" + SITE + "/9/label").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("the request body: labels: must be a list"))
                .body("errors[0].field", equalTo("labels")).body("errors[0].message", equalTo("must be a list"));
        // a name with a line break or a tab would break every table it is written to
        edit(taxonomy, 1, "{\"op\": \"rename\", \"node\": \"" + v1.get("Top / Spare") + "\", \"name\": \"Two\\nlines\"}")
                .statusCode(400).body("detail", equalTo("operations[0].name: a name may not hold control characters "
                        + "(line breaks, tabs), found U+000A at 4"));
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"name": "Tabs", "version": 1, "nodes": [{"name": "A\\tB"}]}""")
                .put("/taxonomies/" + taxonomy + "-tabs").then().statusCode(400)
                .body("detail", containsString("nodes[0].name: a name may not hold control characters"));
        // a line separator breaks a line as a line break does; a name has at most 200 characters
        edit(taxonomy, 1, "{\"op\": \"rename\", \"node\": \"" + v1.get("Top / Spare") + "\", \"name\": \"x\\u2028y\"}")
                .statusCode(400).body("detail", containsString("found U+2028 at 2"));
        edit(taxonomy, 1, "{\"op\": \"rename\", \"node\": \"" + v1.get("Top / Spare") + "\", \"name\": \"" + "n".repeat(201) + "\"}")
                .statusCode(400).body("detail", equalTo("operations[0].name: a name of at most 200 characters, was 201"));
        // a NUL character in a text the database would store: the client's to fix, a 400
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"name": "Nul", "version": 1, "description": "d\\u0000", "nodes": [{"name": "A", "description": "x\\u0000"}]}""")
                .put("/taxonomies/" + taxonomy + "-nul").then().statusCode(400)
                .body("detail", containsString("NUL character (U+0000)"));
        // nothing was stored by the refused edits; an edit of an old version is refused too
        edit(taxonomy, 1, "{\"op\": \"rename\", \"node\": \"" + v1.get("Top / Spare") + "\", \"name\": \"Extra\"}").statusCode(201);
        edit(taxonomy, 1, "{\"op\": \"rename\", \"node\": \"" + v1.get("Top / Spare") + "\", \"name\": \"Again\"}").statusCode(409)
                .body("detail", containsString("version 1 is not the latest of " + taxonomy + " (2)"));
    }

    @Test
    void shouldLetOneOfSixConcurrentEditsOfAVersionWinAndAnswerEveryOther409() throws Exception {
        String taxonomy = TAXONOMY + "-concurrent";
        given().auth().oauth2(ADMIN).contentType("application/json").body("""
                {"name": "Concurrent", "version": 1, "nodes": [{"name": "Top", "children": [{"name": "Leaf"}]}]}""")
                .put("/taxonomies/" + taxonomy).then().statusCode(201);
        String leaf = nodeIds(taxonomy).get("Top / Leaf");

        // six editors, all based on version 1, at once
        java.util.concurrent.ExecutorService editors = java.util.concurrent.Executors.newFixedThreadPool(6);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String name = "Leaf " + i;
            answers.add(editors.submit(() -> {
                start.await();
                return edit(taxonomy, 1, "{\"op\": \"rename\", \"node\": \"" + leaf + "\", \"name\": \"" + name + "\"}")
                        .extract().statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var answer : answers) {
            statuses.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        editors.shutdown();

        assertThat(statuses).containsExactlyInAnyOrder(201, 409, 409, 409, 409, 409);
        given().auth().oauth2(RESEARCHER).get("/taxonomies/" + taxonomy).then().statusCode(200).body("version", equalTo(2));
    }

    private static io.restassured.response.ValidatableResponse edit(String taxonomy, int basedOn, String operation) {
        return given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body("{\"basedOn\": " + basedOn + ", \"operations\": [" + operation + "]}")
                .post("/taxonomies/" + taxonomy + "/edits").then();
    }

    private static void label(String rater, String round, long postId, String node) {
        given().auth().oauth2(rater).contentType("application/json").body(Map.of("labels", List.of(node)))
                .put("/rounds/" + round + "/items/" + SITE + "/" + postId + "/label").then().statusCode(200);
    }

    private static Map<String, String> nodeIds() {
        return nodeIds(TAXONOMY);
    }

    /** Path to id, for the latest version. */
    private static Map<String, String> nodeIds(String taxonomy) {
        List<Map<String, Object>> nodes = given().auth().oauth2(RESEARCHER).get("/taxonomies/" + taxonomy + "/nodes")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return nodes.stream().collect(java.util.stream.Collectors.toMap(n -> (String) n.get("path"), n -> (String) n.get("id")));
    }
}
