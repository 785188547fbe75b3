package io.somining.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.testing.SecuritySweep;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubServices.class)
class SecuritySweepTest {

    @Test
    void shouldAdmitExactlyTheDeclaredRolesOnEveryOperation() {
        // given: the gateway's own operations (what it forwards is swept in each service)
        assertThat(SecuritySweep.operations()).extracting(SecuritySweep.Operation::path).contains("/api/status");

        // when / then: the event contract is public, like the OpenAPI documents
        // and so are signing in and out of the web application
        assertThat(SecuritySweep.sweep("/asyncapi.yaml", "/asyncapi/schemas/{eventType}.json", "/auth/local/users",
                "/auth/local/sign-in", "/auth/sign-out", "/auth/oidc", "/auth/oidc/sign-in", "/auth/oidc/callback",
                "/auth/oidc/refresh")).isEmpty();
    }

    @Test
    void shouldAcceptATokenPastItsExpiryByLessThanTheClockSkewOnly() {
        // SUITE_JWT_CLOCK_SKEW: 60 seconds by default
        io.restassured.RestAssured.given().auth().oauth2(io.somining.testing.TestTokens.expiredSecondsAgo(30, "reader"))
                .get("/api/status").then().statusCode(200);
        io.restassured.RestAssured.given().auth().oauth2(io.somining.testing.TestTokens.expiredSecondsAgo(90, "reader"))
                .get("/api/status").then().statusCode(401);
    }

    @Test
    void shouldAnswerATokenThatIsNoTokenWithAProblemDocument() {
        for (String authorization : java.util.List.of("Bearer abc", "Bearer a.b.c", "Basic YTpi")) {
            io.restassured.RestAssured.given().header("Authorization", authorization).get("/api/status").then()
                    .statusCode(401).header("WWW-Authenticate", "Bearer").contentType("application/problem+json")
                    .body("status", org.hamcrest.Matchers.equalTo(401));
        }
        io.restassured.RestAssured.given().get("/api/status").then().statusCode(401).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.equalTo("this operation needs a bearer token"));
    }

    @Test
    void shouldNameEveryOperationForClientGenerators() {
        // a unique camelCase operationId and a summary on every operation (generated clients are named after them)
        org.assertj.core.api.Assertions.assertThat(io.somining.testing.OpenApiContract.problems()).isEmpty();
        // and the document is the one committed for client generation and compatibility checks
        org.assertj.core.api.Assertions.assertThat(io.somining.testing.OpenApiContract.committedAs("gateway")).isEmpty();
    }
}
