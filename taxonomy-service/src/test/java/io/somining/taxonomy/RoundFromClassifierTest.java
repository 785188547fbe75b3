package io.somining.taxonomy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "taxonomy"))
@WithTestResource(ClassifierStub.class)
class RoundFromClassifierTest {

    private static final String RESEARCHER = TestTokens.forSubject("rita", "researcher");

    private static String request(String setId) {
        return "{\"name\":\"server\",\"kind\":\"CATEGORY\",\"studyId\":\"fse2020\",\"setId\":\"" + setId + "\","
                + "\"taxonomyId\":\"deployment-challenges\",\"raterA\":\"alice\",\"raterB\":\"bob\",\"arbitrator\":\"carol\","
                + "\"seed\":7,\"confidence\":0.95,\"margin\":0.05,\"roundUp\":false,\"site\":\"" + ClassifierStub.SITE + "\"}";
    }

    @org.junit.jupiter.api.BeforeEach
    void awaitTheShippedTaxonomy() {
        Readiness.awaitReady();
    }

    @Test
    void shouldDrawTheSampleFromTheSetsMembersReadWithTheCallersToken() {
        // when: no population in the request, a sample size for 95 % and 5 %, truncated as the paper did
        ClassifierStub.AUTHORIZATIONS.clear();
        String id = given().auth().oauth2(RESEARCHER).contentType("application/json").body(request("C"))
                .post("/rounds").then().statusCode(201)
                .body("population", equalTo(ClassifierStub.MEMBERS))
                .extract().path("id");

        // then: both pages were read with the researcher's token; n = 384.146 / (1 + 383.146 / 1500) = 305.99, truncated to 305
        assertThat(ClassifierStub.AUTHORIZATIONS).hasSizeGreaterThanOrEqualTo(2).allMatch(("Bearer " + RESEARCHER)::equals);
        given().auth().oauth2(RESEARCHER).get("/rounds/" + id + "/items").then().statusCode(200).body("$", hasSize(305));
    }

    @Test
    void shouldNameTheSetWhenTheClassifierDoesNotKnowIt() {
        given().auth().oauth2(RESEARCHER).contentType("application/json").body(request("Z"))
                .post("/rounds").then().statusCode(400)
                .body("detail", containsString("the classifier has no set 'Z' in a study 'fse2020'"));
    }
}
