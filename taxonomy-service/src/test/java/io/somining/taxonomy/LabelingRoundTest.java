package io.somining.taxonomy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.somining.contracts.EventCodec;
import io.somining.contracts.LabelFinalized;
import io.somining.contracts.LabelRecorded;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TestTokens;
import io.somining.testing.TopicProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A round from sample to shares, with real tokens for each person: who may label, what a rater may
 * see, who settles disagreements, and the kappa and shares computed from what was stored.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "taxonomy"))
@WithTestResource(ClassifierStub.class)
class LabelingRoundTest {

    private static final String RESEARCHER = TestTokens.forSubject("rita", "researcher");
    private static final String ALICE = TestTokens.forSubject("alice", "rater");
    private static final String BOB = TestTokens.forSubject("bob", "rater");
    private static final String CAROL = TestTokens.forSubject("carol", "rater");
    private static final String MALLORY = TestTokens.forSubject("mallory", "rater");
    private static final String SITE = "labeling.test.example";

    @BeforeAll
    static void readDecimalsAsDoubles() {
        io.somining.testing.JsonNumbers.readDecimalsAsDoubles();
    }

    @org.junit.jupiter.api.BeforeAll
    static void declareTheSetsMembers() {
        List<String> c = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            c.add(SITE + "/" + id);
        }
        ClassifierStub.holds("fse2020", "C", c);
        List<String> e = new ArrayList<>(List.of(SITE + "/101", SITE + "/102", SITE + "/103", SITE + "/104"));
        for (int id = 1001; id <= 1060; id++) {
            e.add(SITE + "/" + id);
        }
        ClassifierStub.holds("fse2020", "E", e);
    }

    @org.junit.jupiter.api.BeforeEach
    void awaitTheShippedTaxonomy() {
        Readiness.awaitReady();
    }

    private static String newRound(long seed) {
        return newRound(seed, "alice", "bob");
    }

    private static String newRound(long seed, String raterA, String raterB) {
        List<String> population = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            population.add("\"" + SITE + "/" + id + "\"");
        }
        return given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body("{\"name\":\"pilot\",\"kind\":\"CATEGORY\",\"studyId\":\"fse2020\",\"setId\":\"C\","
                        + "\"taxonomyId\":\"deployment-challenges\",\"raterA\":\"" + raterA + "\",\"raterB\":\"" + raterB + "\","
                        + "\"arbitrator\":\"carol\",\"seed\":" + seed + ",\"size\":6,\"pilotShare\":0.5,"
                        + "\"population\":" + population + "}")
                .post("/rounds").then().statusCode(201).extract().path("id");
    }

    private static void label(String token, String round, long postId, List<String> labels, int status) {
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("labels", labels))
                .put("/rounds/" + round + "/items/" + SITE + "/" + postId + "/label").then().statusCode(status);
    }

    @Test
    void shouldListTheRoundsACallerRatesOrArbitratesNewestFirst() {
        // given two rounds: one that ivy rates, one that she arbitrates, and one without her
        String rated = newRound(31, "ivy", "bob");
        String other = newRound(32, "alice", "bob");
        String ivy = TestTokens.forSubject("ivy", "rater");
        String arbitrated = given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body("{\"name\":\"arbitrated\",\"kind\":\"CATEGORY\",\"studyId\":\"fse2020\",\"setId\":\"C\","
                        + "\"taxonomyId\":\"deployment-challenges\",\"raterA\":\"alice\",\"raterB\":\"bob\","
                        + "\"arbitrator\":\"ivy\",\"seed\":33,\"size\":2,\"population\":[\"" + SITE + "/1\",\"" + SITE + "/2\"]}")
                .post("/rounds").then().statusCode(201).extract().path("id");

        // when / then: hers, newest first; everyone's without mine; mine must be a logical
        given().auth().oauth2(ivy).get("/rounds?mine=true").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(arbitrated, rated));
        given().auth().oauth2(RESEARCHER).get("/rounds?limit=1000").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItems(arbitrated, rated, other));
        given().auth().oauth2(ivy).get("/rounds?mine=maybe").then().statusCode(400)
                .body("detail", containsString("mine"));
    }

    @Test
    void shouldKeepEachRaterBlindThroughEveryEndpointWhateverOtherRolesTheyHold() {
        // given: alice rates with a reader's role too; rita, a researcher, rates as the paper's authors did
        String aliceReading = TestTokens.forSubject("alice", "rater", "reader");
        String ritaRating = TestTokens.forSubject("rita", "researcher", "rater");
        String round = newRound(7, "alice", "rita");
        long[] q = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/items").then().statusCode(200)
                .extract().jsonPath().getList("postId").stream().mapToLong(id -> ((Number) id).longValue()).toArray();
        List<Map<String, Object>> nodes = given().auth().oauth2(ALICE).get("/taxonomies/deployment-challenges/nodes")
                .then().extract().jsonPath().getList("$");
        String leaf = (String) nodes.stream().filter(n -> (Boolean) n.get("labelable")).findFirst().orElseThrow().get("id");

        // when: alice labels the first question; rita has labeled nothing
        label(aliceReading, round, q[0], List.of(leaf), 200);

        // then: rita sees nothing of alice's label, neither on the question nor in the round's status
        given().auth().oauth2(ritaRating).get("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/labels").then()
                .statusCode(200).body("$", hasSize(0));
        JsonPath ritaStatus = given().auth().oauth2(ritaRating).get("/rounds/" + round + "/status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(ritaStatus.getList("a")).containsOnlyNulls();
        assertThat(ritaStatus.getList("finalLabels")).containsOnlyNulls();
        // the aggregates of final labels stay closed to a rater with questions left; kappa counts only questions
        // both labeled, which the caller labeled too
        given().auth().oauth2(ritaRating).get("/rounds/" + round + "/shares").then().statusCode(409)
                .contentType(org.hamcrest.Matchers.startsWith("application/problem+json"));
        given().auth().oauth2(ritaRating).accept("text/csv").get("/rounds/" + round + "/shares").then().statusCode(409);
        given().auth().oauth2(ritaRating).accept("image/svg+xml").get("/rounds/" + round + "/shares").then().statusCode(409);
        given().auth().oauth2(ritaRating).get("/rounds/" + round + "/kept").then().statusCode(409);
        // nor may she edit the round's taxonomy: whether a node may be deleted depends on the labels it holds
        int version = given().auth().oauth2(RESEARCHER).get("/taxonomies/deployment-challenges").then().statusCode(200)
                .extract().path("version");
        given().auth().oauth2(ritaRating).contentType("application/json")
                .body(Map.of("basedOn", version, "operations", List.of(Map.of("op", "delete", "node", leaf))))
                .post("/taxonomies/deployment-challenges/edits").then().statusCode(409)
                .body("detail", containsString("has 6 question(s) of it to label"));
        given().auth().oauth2(ritaRating).get("/rounds/" + round + "/agreement").then().statusCode(200)
                .body("labeledByBoth", equalTo(0));
        given().auth().oauth2(ritaRating).get("/rounds/" + round + "/disagreements").then().statusCode(200)
                .body("$", hasSize(0));

        // when: rita labels the same question alike, then alice reads with her reader's role
        label(ritaRating, round, q[0], List.of(leaf), 200);
        label(ritaRating, round, q[1], List.of(leaf), 200);
        given().auth().oauth2(CAROL).contentType("application/json").body(Map.of("labels", List.of(leaf)))
                .put("/rounds/" + round + "/items/" + SITE + "/" + q[1] + "/decision").then().statusCode(409)
                .body("detail", containsString("its raters have not both labeled it"));

        // then: both see each other's label of q[0]; alice still sees nothing of rita's q[1]
        given().auth().oauth2(ritaRating).get("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/labels").then()
                .statusCode(200).body("author", contains("alice", "rita"));
        given().auth().oauth2(aliceReading).get("/rounds/" + round + "/items/" + SITE + "/" + q[1] + "/labels").then()
                .statusCode(200).body("$", hasSize(0));
        // and having seen alice's label of q[0], rita can no longer change hers (a retry of the same label is harmless)
        String another = (String) nodes.stream().filter(n -> (Boolean) n.get("labelable") && !n.get("id").equals(leaf))
                .findFirst().orElseThrow().get("id");
        given().auth().oauth2(ritaRating).contentType("application/json").body(Map.of("labels", List.of(another)))
                .put("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/label").then().statusCode(409)
                .body("detail", containsString("labeled by both raters, who can now see each other's labels"));
        label(ritaRating, round, q[0], List.of(leaf), 200);
        JsonPath aliceStatus = given().auth().oauth2(aliceReading).get("/rounds/" + round + "/status").then()
                .statusCode(200).extract().jsonPath();
        assertThat(aliceStatus.getList("[0].b", String.class)).containsExactly(leaf);
        assertThat(aliceStatus.getList("[0].finalLabels", String.class)).containsExactly(leaf);
        for (int i = 1; i < q.length; i++) {
            assertThat((Object) aliceStatus.get("[" + i + "].b")).as("rita's label of q[%d]", i).isNull();
        }
        given().auth().oauth2(aliceReading).get("/rounds/" + round + "/shares").then().statusCode(409);
        // a reader who does not rate sees everything
        String reader = TestTokens.forSubject("rob", "reader");
        assertThat(given().auth().oauth2(reader).get("/rounds/" + round + "/status").then().statusCode(200)
                .extract().jsonPath().getList("[1].b", String.class)).containsExactly(leaf);
        given().auth().oauth2(reader).get("/rounds/" + round + "/shares").then().statusCode(200);

        // and the events name who labeled which question, never a rater's label
        var events = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(), Topics.TAXONOMY,
                // the three steps, counted by type: the agreed label's LabelFinalized may come before the last step
                records -> ofType(records, round, LabelRecorded.TYPE, LabelRecorded.class).size() >= 3, Duration.ofSeconds(30));
        List<LabelRecorded> steps = ofType(events, round, LabelRecorded.TYPE, LabelRecorded.class);
        assertThat(steps).hasSize(3).allSatisfy(step -> {
            assertThat(step.labels()).isEmpty();
            assertThat(step.labelsWithheld()).isTrue();
        });
    }

    @Test
    void shouldKeepAKappaForEachCategoryWhoseNameRepeatsUnderAnotherParent() {
        // given: two leaves of one name under different parents (the paper's taxonomy has four "Procedure")
        List<Map<String, Object>> nodes = given().auth().oauth2(ALICE).get("/taxonomies/deployment-challenges/nodes")
                .then().extract().jsonPath().getList("$");
        Map<Object, List<Map<String, Object>>> byName = nodes.stream().filter(n -> (Boolean) n.get("labelable"))
                .collect(java.util.stream.Collectors.groupingBy(n -> n.get("name")));
        List<Map<String, Object>> twins = byName.values().stream().filter(l -> l.size() >= 2).findFirst().orElseThrow();
        String p1 = (String) twins.get(0).get("id");
        String p2 = (String) twins.get(1).get("id");
        String round = newRound(11, "alice", "bob");
        long[] q = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/items").then().statusCode(200)
                .extract().jsonPath().getList("postId").stream().mapToLong(id -> ((Number) id).longValue()).toArray();

        // when: alice p1 p2 p1 p1, bob p1 p2 p2 p1
        String[][] labels = { { p1, p1 }, { p2, p2 }, { p1, p2 }, { p1, p1 } };
        for (int i = 0; i < labels.length; i++) {
            label(ALICE, round, q[i], List.of(labels[i][0]), 200);
            label(BOB, round, q[i], List.of(labels[i][1]), 200);
        }

        // then: a kappa for each, keyed by node id, with its path for people. p1 against the rest: a = y n y y,
        // b = y n n y: po 3/4, pe (3*2 + 1*2)/16 = 1/2, kappa 1/2; p2: a = n y n n, b = n y y n: po 3/4,
        // pe (1*2 + 3*2)/16 = 1/2, kappa 1/2
        JsonPath agreement = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/agreement").then()
                .statusCode(200).extract().jsonPath();
        assertThat(agreement.getMap("perCategory")).containsOnlyKeys(p1, p2);
        assertThat(agreement.getDouble("perCategory.'" + p1 + "'")).isEqualTo(0.5);
        assertThat(agreement.getDouble("perCategory.'" + p2 + "'")).isEqualTo(0.5);
        // and in full with its interval: Fleiss, Cohen and Everitt's standard error for p1's table (n|n 1, y|n 1, y|y 2,
        // rows .25 .75, columns .5 .5), worked by hand: sqrt((.09765625 + .0703125 + .03515625 - .0625) / (4 * .25))
        // = .375; kappa +- 1.959964 * .375, the upper end clipped at 1
        assertThat(agreement.getInt("categoryAgreement.'" + p1 + "'.items")).isEqualTo(4);
        assertThat(agreement.getDouble("categoryAgreement.'" + p1 + "'.kappa")).isEqualTo(0.5);
        assertThat(agreement.getDouble("categoryAgreement.'" + p1 + "'.standardError")).isCloseTo(0.375, within(1e-12));
        assertThat(agreement.getDouble("categoryAgreement.'" + p1 + "'.low")).isCloseTo(0.5 - 1.959964 * 0.375, within(1e-6));
        assertThat(agreement.getDouble("categoryAgreement.'" + p1 + "'.high")).isEqualTo(1.0);
        String name = (String) twins.get(0).get("name");
        assertThat(agreement.getString("categoryPaths.'" + p1 + "'")).endsWith(" / " + name)
                .isNotEqualTo(agreement.getString("categoryPaths.'" + p2 + "'"));
    }

    @Test
    void shouldRunARoundFromSampleToSharesWithBlindRatersAndAnArbitrator() {
        // given: two server leaves, one mobile leaf and an inner category with leaves, by id
        JsonPath nodes = given().auth().oauth2(ALICE).get("/taxonomies/deployment-challenges/nodes").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> all = nodes.getList("$");
        String server = (String) all.stream().filter(n -> ((Number) n.get("depth")).intValue() == 0).toList().get(0).get("id");
        String mobile = (String) all.stream().filter(n -> ((Number) n.get("depth")).intValue() == 0).toList().get(1).get("id");
        List<String> serverLeaves = leavesUnder(all, server);
        String a = serverLeaves.get(0);
        String b = serverLeaves.get(1);
        String c = leavesUnder(all, mobile).get(0);
        String inner = (String) all.stream().filter(n -> server.equals(n.get("parentId")) && !(Boolean) n.get("labelable"))
                .findFirst().orElseThrow().get("id");

        // when: a round of 6 drawn from 20 questions with a seed
        String round = newRound(42);

        // then: the same seed draws the same sample; the first half is the pilot
        List<Object> drawn = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/items").then().statusCode(200)
                .body("$", hasSize(6)).extract().jsonPath().getList("postId");
        assertThat(given().auth().oauth2(RESEARCHER).get("/rounds/" + newRound(42) + "/items").then()
                .extract().jsonPath().getList("postId")).isEqualTo(drawn);
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/items").then().body("pilot", contains(true, true, true, false, false, false));
        long[] q = drawn.stream().mapToLong(id -> ((Number) id).longValue()).toArray();
        long outside = java.util.stream.LongStream.rangeClosed(1, 20).filter(id -> java.util.Arrays.stream(q).noneMatch(x -> x == id))
                .findFirst().orElseThrow();

        // object-level rules: only the round's raters label, only sampled questions, only leaf categories
        label(MALLORY, round, q[0], List.of(a), 403);
        label(ALICE, round, outside, List.of(a), 404);
        label(ALICE, round, q[0], List.of(inner), 400);
        label(ALICE, round, q[0], List.of("FALSE_POSITIVE", a), 400);

        // blind labeling: bob sees nothing of alice's label until he has labeled too
        label(ALICE, round, q[0], List.of(a), 200);
        given().auth().oauth2(BOB).get("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/labels").then()
                .statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(MALLORY).get("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/labels").then()
                .statusCode(403);
        label(BOB, round, q[0], List.of(b), 200);
        given().auth().oauth2(BOB).get("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/labels").then()
                .statusCode(200).body("author", contains("alice", "bob"));

        // the rest: alice A A C C FP A, bob B A C C FP C (agreement on four of six)
        label(ALICE, round, q[1], List.of(a), 200);
        label(BOB, round, q[1], List.of(a), 200);
        for (int i = 2; i <= 3; i++) {
            label(ALICE, round, q[i], List.of(c), 200);
            label(BOB, round, q[i], List.of(c), 200);
        }
        label(ALICE, round, q[4], List.of("FALSE_POSITIVE"), 200);
        label(BOB, round, q[4], List.of("FALSE_POSITIVE"), 200);
        label(ALICE, round, q[5], List.of(a), 200);
        label(BOB, round, q[5], List.of(c), 200);
        given().auth().oauth2(ALICE).get("/rounds/" + round + "/assignments").then().statusCode(200)
                .body("$", hasSize(6)).body("[0].labels", contains(a));

        // kappa from the stored labels: po = 4/6, pe = (3*1 + 2*3 + 1*1)/36 = 10/36, kappa = 14/26
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/agreement").then().statusCode(200)
                .body("labeledByBoth", equalTo(6))
                .body("overall.kappa", closeTo(14.0 / 26, 1e-12));

        // arbitration: only carol sees and settles the two disagreements
        given().auth().oauth2(ALICE).get("/rounds/" + round + "/disagreements").then().statusCode(403);
        List<Long> queue = given().auth().oauth2(CAROL).get("/rounds/" + round + "/disagreements").then().statusCode(200)
                .extract().jsonPath().getList("postId", Long.class);
        assertThat(queue).containsExactlyInAnyOrder(q[0], q[5]);
        given().auth().oauth2(ALICE).contentType("application/json").body(Map.of("labels", List.of(a)))
                .put("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/decision").then().statusCode(403);
        given().auth().oauth2(CAROL).contentType("application/json").body(Map.of("labels", List.of(a), "note", "about serving"))
                .put("/rounds/" + round + "/items/" + SITE + "/" + q[0] + "/decision").then().statusCode(200);
        given().auth().oauth2(CAROL).contentType("application/json").body(Map.of("labels", List.of(c)))
                .put("/rounds/" + round + "/items/" + SITE + "/" + q[5] + "/decision").then().statusCode(200);
        given().auth().oauth2(CAROL).get("/rounds/" + round + "/disagreements").then().statusCode(200).body("$", hasSize(0));

        // shares of the final labels (the false positive left out): server A 2 of 2, B 0; mobile C 3 of 3
        JsonPath shares = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/shares").then().statusCode(200)
                .extract().jsonPath();
        assertThat(shares.getInt("find { it.nodeId == '" + a + "' }.questions")).isEqualTo(2);
        assertThat(shares.getDouble("find { it.nodeId == '" + a + "' }.share")).isEqualTo(1.0);
        assertThat(shares.getInt("find { it.nodeId == '" + b + "' }.questions")).isZero();
        assertThat(shares.getInt("find { it.nodeId == '" + c + "' }.questions")).isEqualTo(3);
        assertThat(shares.getInt("find { it.nodeId == '" + server + "' }.questions")).isEqualTo(2);
        String csv = given().auth().oauth2(RESEARCHER).accept("text/csv").get("/rounds/" + round + "/shares").then()
                .statusCode(200).extract().asString();
        assertThat(csv).startsWith("node_id,depth,platform,name,questions,share_of_platform\n")
                .contains("\n" + a + ",2,").contains(",2,1.0\n");
        String svg = given().auth().oauth2(RESEARCHER).accept("image/svg+xml").get("/rounds/" + round + "/shares").then()
                .statusCode(200).extract().asString();
        assertThat(svg).startsWith("<svg").contains("Category shares, round pilot").contains(">3 (100.0 %)</text>");

        // every step, and every final label (4 agreed, 2 decided), was published for dashboards
        var events = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(), Topics.TAXONOMY,
                records -> records.stream().filter(r -> r.key().equals("round/" + round)).count() >= 20, Duration.ofSeconds(30));
        List<LabelRecorded> steps = ofType(events, round, LabelRecorded.TYPE, LabelRecorded.class);
        assertThat(steps).hasSize(14);
        assertThat(steps).filteredOn(s -> s.role().equals("ARBITRATOR")).extracting(LabelRecorded::author)
                .containsExactly("carol", "carol");
        List<LabelFinalized> finals = ofType(events, round, LabelFinalized.TYPE, LabelFinalized.class);
        assertThat(finals).extracting(LabelFinalized::postId, LabelFinalized::source, LabelFinalized::labels)
                .containsExactlyInAnyOrder(
                        org.assertj.core.api.Assertions.tuple(q[1], "AGREED", List.of(a)),
                        org.assertj.core.api.Assertions.tuple(q[2], "AGREED", List.of(c)),
                        org.assertj.core.api.Assertions.tuple(q[3], "AGREED", List.of(c)),
                        org.assertj.core.api.Assertions.tuple(q[4], "AGREED", List.of("FALSE_POSITIVE")),
                        org.assertj.core.api.Assertions.tuple(q[0], "DECIDED", List.of(a)),
                        org.assertj.core.api.Assertions.tuple(q[5], "DECIDED", List.of(c)));
    }

    @Test
    void shouldKeepWhatARelevanceReviewKeptAndMeasureItsAgreement() {
        // given: a review of set E's candidates, four questions, keep or drop
        String round = given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body("{\"name\":\"browser review\",\"kind\":\"RELEVANCE\",\"studyId\":\"fse2020\",\"setId\":\"E\","
                        + "\"raterA\":\"alice\",\"raterB\":\"bob\",\"arbitrator\":\"carol\",\"seed\":3,\"size\":4,"
                        + "\"population\":[\"" + SITE + "/101\",\"" + SITE + "/102\",\"" + SITE + "/103\",\"" + SITE + "/104\"]}")
                .post("/rounds").then().statusCode(201).extract().path("id");

        // when: they agree on 101 (keep), 102 (drop), 103 (keep) and disagree on 104, which carol keeps
        String[][] votes = { { "101", "KEEP", "KEEP" }, { "102", "DROP", "DROP" }, { "103", "KEEP", "KEEP" },
                { "104", "KEEP", "DROP" } };
        for (String[] vote : votes) {
            label(ALICE, round, Long.parseLong(vote[0]), List.of(vote[1]), 200);
            label(BOB, round, Long.parseLong(vote[0]), List.of(vote[2]), 200);
        }
        label(ALICE, round, 101, List.of("UNCLEAR"), 400);
        // the arbitrator settles disagreements only: not a question both kept (102's DROP would override them)
        given().auth().oauth2(CAROL).contentType("application/json").body(Map.of("labels", List.of("KEEP")))
                .put("/rounds/" + round + "/items/" + SITE + "/102/decision").then().statusCode(409)
                .body("detail", containsString("both raters gave the same labels"));
        given().auth().oauth2(CAROL).contentType("application/json").body(Map.of("labels", List.of("KEEP")))
                .put("/rounds/" + round + "/items/" + SITE + "/104/decision").then().statusCode(200);

        // then: three kept; kappa of 3 agreements in 4 with marginals A 3/1, B 2/2: po 0.75, pe 0.5, kappa 0.5
        List<Long> kept = given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/kept").then().statusCode(200)
                .extract().jsonPath().getList("postId", Long.class);
        assertThat(kept).containsExactlyInAnyOrder(101L, 103L, 104L);
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/agreement").then().statusCode(200)
                .body("overall.kappa", closeTo(0.5, 1e-12));
        given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/shares").then().statusCode(400);
    }

    @Test
    void shouldRefuseARoundWithOneRaterTwiceOrAnUnknownTaxonomy() {
        given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body("{\"name\":\"x\",\"kind\":\"CATEGORY\",\"studyId\":\"s\",\"setId\":\"C\",\"taxonomyId\":\"deployment-challenges\","
                        + "\"raterA\":\"alice\",\"raterB\":\"alice\",\"arbitrator\":\"carol\",\"seed\":1,\"population\":[\"a/1\"]}")
                .post("/rounds").then().statusCode(400).body("detail", containsString("two different people"));
        given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body("{\"name\":\"x\",\"kind\":\"CATEGORY\",\"studyId\":\"s\",\"setId\":\"C\",\"taxonomyId\":\"nope\","
                        + "\"raterA\":\"alice\",\"raterB\":\"bob\",\"arbitrator\":\"carol\",\"seed\":1,\"population\":[\"a/1\"]}")
                .post("/rounds").then().statusCode(400).body("detail", containsString("no taxonomy 'nope'"));
        given().auth().oauth2(ALICE).contentType("application/json").body("{}").post("/rounds").then().statusCode(403);
    }

    private static List<String> leavesUnder(List<Map<String, Object>> all, String platform) {
        List<String> leaves = new ArrayList<>();
        for (Map<String, Object> node : all) {
            if ((Boolean) node.get("labelable") && ((Number) node.get("depth")).intValue() == 2) {
                String parent = (String) node.get("parentId");
                String grand = (String) all.stream().filter(n -> n.get("id").equals(parent)).findFirst().orElseThrow().get("parentId");
                if (platform.equals(grand)) {
                    leaves.add((String) node.get("id"));
                }
            }
        }
        return leaves;
    }

    @Test
    void shouldDrawAStratifiedSampleWithAStratifiedPilot() {
        // given 40 questions of 2018 and 20 of 2019, as strata
        List<String> y2018 = new ArrayList<>();
        List<String> y2019 = new ArrayList<>();
        for (int id = 1; id <= 60; id++) {
            (id <= 40 ? y2018 : y2019).add("\"" + SITE + "/" + (1000 + id) + "\"");
        }
        String request = "{\"name\":\"by year\",\"kind\":\"RELEVANCE\",\"studyId\":\"fse2020\",\"setId\":\"E\","
                + "\"raterA\":\"alice\",\"raterB\":\"bob\",\"arbitrator\":\"carol\",\"seed\":5,\"size\":12,"
                + "\"pilotShare\":0.5,\"strata\":{\"2018\":" + y2018 + ",\"2019\":" + y2019 + "}}";

        // when the round is created twice with the same seed
        List<Map<String, Object>> first = items(given().auth().oauth2(RESEARCHER).contentType("application/json").body(request)
                .post("/rounds").then().statusCode(201).extract().path("id"));
        List<Map<String, Object>> second = items(given().auth().oauth2(RESEARCHER).contentType("application/json").body(request)
                .post("/rounds").then().statusCode(201).extract().path("id"));

        // then each year gets its share of the sample (8 and 4) and of the pilot (4 and 2), and the draw repeats
        assertThat(first).filteredOn(i -> "2018".equals(i.get("stratum"))).hasSize(8);
        assertThat(first).filteredOn(i -> "2019".equals(i.get("stratum"))).hasSize(4);
        assertThat(first).filteredOn(i -> "2018".equals(i.get("stratum")) && (Boolean) i.get("pilot")).hasSize(4);
        assertThat(first).filteredOn(i -> "2019".equals(i.get("stratum")) && (Boolean) i.get("pilot")).hasSize(2);
        assertThat(second).isEqualTo(first);

        // a question the classifier does not hold in the set: refused, naming it, whatever its stratum
        String outside = request.replace("\"2019\":[", "\"2019\":[\"" + SITE + "/7\",\"nosuch.site/3\",");
        given().auth().oauth2(RESEARCHER).contentType("application/json").body(outside).post("/rounds").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("2 question(s) are not members of fse2020/E in the classifier: "
                        + SITE + "/7, nosuch.site/3"));
        given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body(request.replace("\"strata\":{\"2018\":" + y2018 + ",\"2019\":" + y2019 + "}",
                        "\"population\":[\"" + SITE + "/1001\",\"stackoverflow.com/1\"]"))
                .post("/rounds").then().statusCode(400)
                .body("detail", containsString("1 question(s) are not members of fse2020/E in the classifier: stackoverflow.com/1"));
        given().auth().oauth2(RESEARCHER).contentType("application/json")
                .body(request.replace("\"studyId\":\"fse2020\"", "\"studyId\":\"nostudy\""))
                .post("/rounds").then().statusCode(400)
                .body("detail", containsString("the classifier has no set 'E' in a study 'nostudy'"));

        // strata that share a question would draw it twice: refused, naming it and both strata
        String overlapping = request.replace("\"2019\":[", "\"2019\":[\"" + SITE + "/1001\",");
        given().auth().oauth2(RESEARCHER).contentType("application/json").body(overlapping).post("/rounds").then()
                .statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("'" + SITE + "/1001' is in stratum '2018' and in '2019'"));
    }

    private static <T extends io.somining.contracts.Event> List<T> ofType(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records, String round, String type, Class<T> eventClass) {
        return records.stream().filter(r -> r.key().equals("round/" + round))
                .filter(r -> type.equals(new String(r.headers().lastHeader(Topics.EVENT_TYPE_HEADER).value(),
                        java.nio.charset.StandardCharsets.UTF_8)))
                .map(r -> EventCodec.decode(r.value(), eventClass)).toList();
    }

    private static List<Map<String, Object>> items(String round) {
        return given().auth().oauth2(RESEARCHER).get("/rounds/" + round + "/items").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }
}
