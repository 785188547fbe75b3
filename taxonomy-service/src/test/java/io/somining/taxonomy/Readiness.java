package io.somining.taxonomy;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import org.awaitility.Awaitility;

/** Tests that use the shipped taxonomy wait for it: it loads in the background once the schema is migrated. */
final class Readiness {

    private Readiness() {
    }

    static void awaitReady() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }
}
