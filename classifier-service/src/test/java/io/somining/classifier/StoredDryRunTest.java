package io.somining.classifier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.TestTokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@WithTestResource(IngestStub.class)
class StoredDryRunTest {

    @Test
    void shouldClassifyAStoredQuestionReadWithTheCallersToken() {
        // given
        String token = TestTokens.forRoles("researcher");

        // when / then
        given().auth().oauth2(token)
                .get("/studies/fse2020/dry-run/" + IngestStub.SITE + "/" + IngestStub.POST_ID)
                .then().statusCode(200)
                .body("sets", contains("A", "B", "C"))
                .body("explanation.C.holds", equalTo(true))
                .body("explanation.B.snippet", equalTo("keras"));
        assertThat(IngestStub.AUTHORIZATIONS).last().isEqualTo("Bearer " + token);
    }

    @Test
    void shouldAnswer404ForAQuestionTheIngestServiceDoesNotHave() {
        given().auth().oauth2(TestTokens.forRoles("admin"))
                .get("/studies/fse2020/dry-run/" + IngestStub.SITE + "/8")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("no question " + IngestStub.SITE + "/8"));
    }
}
