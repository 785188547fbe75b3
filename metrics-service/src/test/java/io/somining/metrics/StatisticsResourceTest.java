package io.somining.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.somining.testing.RealInfrastructureResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics on values a client brings, against R 4.2 (Debian's r-base-core):
 * {@code x <- c(3,1,4,1,5,9,2,6,5,3,5,89,7,9,3,2,3,8,4,6,2,6,4,3,3,8,3,2,7,9,5,120)};
 * {@code mean(x)} 10.84375, {@code quantile(x)} 3, 4.5, 7, {@code boxplot.stats(x)$stats} 1 3 4.5 7 9,
 * {@code $out} 89 120; {@code prop.test(c(2137, 42414), c(3023, 67646))}: X-squared 78.973350378844501,
 * p 6.2953441650824418e-19, interval 0.063111330994990375 0.096717234614055972.
 */
@QuarkusTest
@TestSecurity(user = "test-reader", roles = "reader")
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class StatisticsResourceTest {

    @BeforeAll
    static void readDecimalsAsDoubles() {
        io.somining.testing.JsonNumbers.readDecimalsAsDoubles();
    }

    @Test
    void shouldSummarizeValuesAsR() {
        given().contentType("application/json")
                .body("{\"values\":[3,1,4,1,5,9,2,6,5,3,5,89,7,9,3,2,3,8,4,6,2,6,4,3,3,8,3,2,7,9,5,120]}")
                .post("/statistics/summary").then().statusCode(200)
                .body("count", equalTo(32))
                .body("mean", closeTo(10.84375, 1e-12))
                .body("min", equalTo(1.0)).body("max", equalTo(120.0))
                .body("q1", equalTo(3.0)).body("median", equalTo(4.5)).body("q3", equalTo(7.0))
                .body("box.lowerWhisker", equalTo(1.0)).body("box.upperWhisker", equalTo(9.0))
                .body("outlierCount", equalTo(2)).body("outliers", contains(89.0, 120.0));
    }

    @Test
    void shouldTestTwoProportionsAsR() {
        given().contentType("application/json").body("{\"x\":[2137,42414],\"n\":[3023,67646]}")
                .post("/statistics/prop-test").then().statusCode(200)
                .body("statistic", closeTo(78.973350378844501, 1e-9))
                .body("df", equalTo(1))
                .body("pValue", closeTo(6.2953441650824418e-19, 1e-27))
                .body("confLow", closeTo(0.063111330994990375, 1e-12))
                .body("confHigh", closeTo(0.096717234614055972, 1e-12))
                .body("corrected", equalTo(true));
        given().contentType("application/json").body("{\"x\":[0,0],\"n\":[10,10]}")
                .post("/statistics/prop-test").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("undefined"));
    }

    @Test
    void shouldRefuseWhatRWouldNotComputeNamingIt() {
        given().contentType("application/json").body("{\"values\":[]}").post("/statistics/summary").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"values\":[1,null]}").post("/statistics/summary").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"x\":[11,1],\"n\":[10,10]}").post("/statistics/prop-test").then()
                .statusCode(400).body("detail", containsString("x[0], n[0]"));
        given().contentType("application/json").body("{\"x\":[1],\"n\":[10]}").post("/statistics/prop-test").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"x\":[1.5,2],\"n\":[50,50]}").post("/statistics/prop-test").then()
                .statusCode(400).body("detail", containsString("x[0]: a count is a whole number"));
        given().contentType("application/json").body("{\"values\":[1e308,1e308]}").post("/statistics/summary").then()
                .statusCode(400).body("detail", containsString("beyond the range"));
        given().contentType("application/json").body("{\"values\":[\"a\"]}").post("/statistics/summary").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("values[0]"));
    }

    @Test
    void shouldSayWhatIsWrongWithABodyInTheClientsTermsOnly() {
        // the field and the kind of value it takes; no Java type, no library, no setting of the parser
        java.util.Map<String, String> expected = java.util.Map.of(
                "{\"values\":{\"a\":1}}", "the request body: values: must be a list",
                "{\"x\":[1,2],\"n\":[10,10],\"correct\":\"maybe\"}", "the request body: correct: 'maybe' is not true or false",
                "{\"values\":[1,2", "the request body: not valid JSON");
        expected.forEach((body, detail) -> {
            String answer = given().contentType("application/json").body(body).post(body.contains("\"x\"")
                    ? "/statistics/prop-test" : "/statistics/summary").then().statusCode(400)
                    .contentType("application/problem+json").extract().path("detail");
            org.assertj.core.api.Assertions.assertThat(answer).as(body).startsWith(detail)
                    .doesNotContainIgnoringCase("java").doesNotContainIgnoringCase("jackson").doesNotContain("`")
                    .doesNotContain("FAIL_ON");
        });
    }

    @Test
    void shouldNameAQueryParameterThatIsNotOfItsType() {
        // JAX-RS answers 404 without naming it; a client needs the name, the value and what it must be
        given().get("/studies/any/sets/A/trend?from=abc").then().statusCode(400)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.equalTo("from: 'abc' is not a whole number"));
        given().get("/studies/any/charts/trend?sets=A&measure=bogus").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.equalTo("measure: 'bogus' is not one of questions, users"));
        // a study that does not exist is still a 404
        given().get("/studies/no-such-study/sets/A/trend?from=2015").then().statusCode(404);
    }

    @Test
    void shouldRefuseWhatNoClientMeantInItsOwnTerms() {
        // a NUL character no text of the suite can hold
        given().urlEncodingEnabled(false).get("/studies/any/sets/A/trend?site=%00").then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("query parameter site: holds a NUL character (U+0000)"));
        // a number where true or false is expected, a fraction where a whole number is: refused, not converted
        given().contentType("application/json").body("{\"x\":[1,2],\"n\":[10,10],\"correct\":1}").post("/statistics/prop-test")
                .then().statusCode(400).body("detail", containsString("correct"));
        // the framework's refusals in the client's terms: no annotation, no resource method
        given().contentType("application/xml").body("<values/>").post("/statistics/summary").then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("this operation does not take a body of this Content-Type; its OpenAPI "
                        + "document lists the ones it takes"));
        given().get("/no/such/operation").then().statusCode(404).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.startsWith("no operation at /no/such/operation"));
        // a list element named as the client wrote it, not as the validator names containers
        given().contentType("application/json").body("{\"values\":[1,null]}").post("/statistics/summary").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("values[1]"));
    }
}
