package io.somining.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.somining.testing.TestTokens;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(RateLimitTest.TightLimit.class)
@WithTestResource(StubServices.class)
class RateLimitTest {

    /** Three requests at once, then one every ten seconds. */
    public static class TightLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.rate-limit.burst", "3", "gateway.rate-limit.requests-per-second", "0.1");
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAClientsBurstIsSpent() {
        // given
        String alice = "Bearer " + TestTokens.forSubject("alice", "reader");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", alice).get("/api/ingest/jobs").then().statusCode(200);
        }

        // when / then
        given().header("Authorization", alice).get("/api/ingest/jobs").then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "10")
                .body("detail", containsString("retry in 10 s"));

        // and another client still has its own burst
        given().header("Authorization", "Bearer " + TestTokens.forSubject("bob", "reader"))
                .get("/api/ingest/jobs").then().statusCode(200);
    }

    @Test
    void shouldCountTheGatewaysOwnOperationsAgainstTheSameRate() {
        String carol = "Bearer " + TestTokens.forSubject("carol", "reader");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", carol).get("/api/status").then().statusCode(200);
        }
        given().header("Authorization", carol).get("/api/status").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", "10");
    }
}
