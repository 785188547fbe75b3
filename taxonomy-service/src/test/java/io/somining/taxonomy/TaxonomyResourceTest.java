package io.somining.taxonomy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.contracts.EventCodec;
import io.somining.contracts.TaxonomyPublished;
import io.somining.contracts.Topics;
import io.somining.testing.EmbeddedInfrastructure;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TopicProbe;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
// the functional tests act as an admin; SecuritySweepTest covers who may do what
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "taxonomy"))
@WithTestResource(ClassifierStub.class)
class TaxonomyResourceTest {

    @Test
    void shouldImportTheShippedTaxonomyOnceAndAnnounceIt() throws IOException {
        // given: the paper's taxonomy, counted straight from the file
        JsonNode paper = new ObjectMapper().readTree(new File("../data/taxonomy/deployment-challenges.json"));
        int platforms = paper.get("platforms").size();
        int inner = 0;
        int leaves = 0;
        for (JsonNode platform : paper.get("platforms")) {
            inner += platform.get("inner").size();
            for (JsonNode category : platform.get("inner")) {
                leaves += Math.max(1, category.get("leaves").size());
            }
        }

        // then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/taxonomies/deployment-challenges").then().statusCode(200)
                        .body("nodes", hasSize(platforms))
                        .body("nodes[0].name", equalTo("Server/Cloud")));
        List<Integer> innerPerPlatform = given().get("/taxonomies/deployment-challenges").then()
                .extract().path("nodes.collect { it.children.size() }");
        assertThat(innerPerPlatform.stream().mapToInt(Integer::intValue).sum()).isEqualTo(inner);
        var events = TopicProbe.read(EmbeddedInfrastructure.kafkaBootstrapServers(), Topics.TAXONOMY,
                records -> records.stream().anyMatch(r -> r.key().equals("deployment-challenges")), Duration.ofSeconds(30));
        TaxonomyPublished published = EventCodec.decode(events.get(0).value(), TaxonomyPublished.class);
        assertThat(published.nodeCount()).isEqualTo(platforms + inner + leaves - countLeaflessInner(paper));
        assertThat(published.leafCount()).isEqualTo(leaves);
    }

    private static int countLeaflessInner(JsonNode paper) {
        int count = 0;
        for (JsonNode platform : paper.get("platforms")) {
            for (JsonNode category : platform.get("inner")) {
                count += category.get("leaves").isEmpty() ? 1 : 0;
            }
        }
        return count;
    }

    @Test
    void shouldStoreAVersionOnlyOnce() {
        String document = "{\"name\":\"Tiny\",\"version\":1,\"nodes\":[{\"name\":\"Root\",\"children\":[{\"name\":\"Leaf\"}]}]}";
        given().contentType("application/json").body(document).put("/taxonomies/tiny").then().statusCode(201)
                .body("version", equalTo(1));
        given().contentType("application/json").body(document).put("/taxonomies/tiny").then().statusCode(200);
        given().get("/taxonomies/tiny").then().statusCode(200).body("nodes[0].children[0].name", equalTo("Leaf"));
        given().get("/taxonomies?limit=1").then().statusCode(200).body("", hasSize(1));
        given().get("/taxonomies?limit=1000").then().statusCode(400);
    }

    @Test
    void shouldNameTheMalformedPlace() {
        given().contentType("application/json").body("{\"name\":\"Bad\",\"version\":1,\"nodes\":[{\"name\":\"ok\"},{\"children\":[]}]}")
                .put("/taxonomies/bad").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("nodes[1].name"));
        given().get("/taxonomies/bad").then().statusCode(404);
    }

    @Test
    void shouldRefuseWhatWouldBeStoredForGoodWrongly() {
        // a version that is no whole number, or none; no nodes; two siblings of one name
        String[][] refused = {
            { "{\"name\":\"B\",\"version\":\"one\",\"nodes\":[{\"name\":\"a\"}]}", "version: \"one\" is not a whole number" },
            { "{\"name\":\"B\",\"version\":1.7,\"nodes\":[{\"name\":\"a\"}]}", "version: 1.7 is not a whole number" },
            { "{\"name\":\"B\",\"nodes\":[{\"name\":\"a\"}]}", "version: required" },
            { "{\"name\":\"B\",\"version\":1,\"nodes\":{}}", "nodes: a non-empty list is required" },
            { "{\"name\":\"B\",\"version\":1,\"nodes\":[]}", "nodes: a non-empty list is required" },
            { "{\"name\":\"B\",\"version\":1,\"nodes\":[{\"name\":\"a\",\"children\":[{\"name\":\"x\"},{\"name\":\"X\"}]}]}",
                "nodes[0].children[1]: 'X' repeats the name of nodes[0].children[0]" } };
        for (String[] document : refused) {
            given().contentType("application/json").body(document[0]).put("/taxonomies/refused").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString(document[1]));
        }
        given().get("/taxonomies/refused").then().statusCode(404);

        // the same version again: idempotent with the same content, refused with other content
        String v1 = "{\"name\":\"Kept\",\"version\":1,\"nodes\":[{\"name\":\"a\"}]}";
        given().contentType("application/json").body(v1).put("/taxonomies/kept").then().statusCode(201);
        given().contentType("application/json").body(v1).put("/taxonomies/kept").then().statusCode(200);
        // 1.0 is the whole number 1
        given().contentType("application/json").body(v1.replace("\"version\":1", "\"version\":1.0"))
                .put("/taxonomies/kept").then().statusCode(200);
        given().contentType("application/json").body("{\"name\":\"Kept\",\"version\":1,\"nodes\":[{\"name\":\"b\"}]}")
                .put("/taxonomies/kept").then().statusCode(409)
                .body("detail", containsString("publish it as version 2"));
        given().get("/taxonomies/kept").then().statusCode(200).body("nodes[0].name", org.hamcrest.Matchers.equalTo("a"));
    }
}
