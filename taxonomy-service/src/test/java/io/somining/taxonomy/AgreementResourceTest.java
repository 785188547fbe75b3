package io.somining.taxonomy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.testing.RealInfrastructureResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestSecurity(user = "test-researcher", roles = "researcher")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "taxonomy"))
@WithTestResource(ClassifierStub.class)
class AgreementResourceTest {

    @org.junit.jupiter.api.BeforeAll
    static void readDecimalsAsDoubles() {
        io.somining.testing.JsonNumbers.readDecimalsAsDoubles();
    }

    @Test
    void shouldAnswerThePapersSampleSizeWithBothRoundings() {
        given().get("/sampling/size?population=1325").then().statusCode(200)
                .body("exact", closeTo(297.98, 0.005))
                .body("truncated", equalTo(297))
                .body("roundedUp", equalTo(298));
        given().get("/sampling/size?population=1533&confidence=0.95&margin=0.05").then().statusCode(200)
                .body("truncated", equalTo(307))
                .body("roundedUp", equalTo(308));
        given().get("/sampling/size?population=1325&margin=1.5").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/sampling/size").then().statusCode(400);
    }

    @Test
    void shouldComputeKappaOfTwoRatersAndRefuseUnevenLists() {
        given().contentType("application/json")
                .body("{\"a\":[\"x\",\"x\",\"y\",\"y\",\"z\",\"z\",\"x\",\"y\",\"z\",\"x\"],"
                        + "\"b\":[\"x\",\"y\",\"y\",\"y\",\"z\",\"x\",\"x\",\"y\",\"z\",\"z\"]}")
                .post("/agreement/kappa").then().statusCode(200)
                .body("kappa", closeTo(0.552238806, 1e-9))
                .body("items", equalTo(10));
        given().contentType("application/json").body("{\"a\":[\"x\"],\"b\":[\"x\",\"y\"]}")
                .post("/agreement/kappa").then().statusCode(400)
                .body("detail", containsString("1 and 2 items"));
        given().contentType("application/json").body("{\"a\":[\"keep\",\"keep\"],\"b\":[\"keep\",\"keep\"]}")
                .post("/agreement/kappa").then().statusCode(204);
    }
}
