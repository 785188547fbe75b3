package io.somining.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
// the functional tests act as an admin; SecuritySweepTest covers who may do what
@TestSecurity(user = "test-admin", roles = "admin")
@WithTestResource(StubServices.class)
class ProxyRoutesTest {

    @Test
    void shouldForwardWithoutThePrefixAndSayWhereFrom() {
        given().get("/api/ingest/jobs?limit=1").then().statusCode(200)
                .body(equalTo("GET /jobs?limit=1 prefix=/api/ingest"));
        given().get("/api/ingest").then().statusCode(200).body(equalTo("GET / prefix=/api/ingest"));
    }

    @Test
    void shouldAnswer503ForAServiceThatIsNotRunning() {
        given().get("/api/classifier/studies").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body("detail", equalTo("service 'classifier' cannot be reached"));
    }

    @Test
    void shouldAnswer504ForAServiceThatIsTooSlow() {
        given().get("/api/metrics/slow").then().statusCode(504)
                .contentType("application/problem+json")
                .body("detail", equalTo("service 'metrics' did not answer in time"));
    }

    @Test
    void shouldAnswer503ForAServiceThatIsNotReadyButStillPassItsHealthChecks() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/taxonomy/taxonomies").then().statusCode(503)
                        .contentType("application/problem+json")
                        .body("detail", equalTo("service 'taxonomy' is not ready: database-schema")));
        given().get("/api/taxonomy/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
    }

    @Test
    void shouldRefuseABodyOverTheServiceLimit() {
        given().contentType("application/json").body("{\"far\":\"more than ten bytes\"}")
                .post("/api/metrics/anything").then().statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("exceeds the limit of 10 bytes"));
    }

    @Test
    void shouldReportEveryServiceReadiness() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/api/status").then().statusCode(200)
                        .body("find { it.service == 'ingest' }.state", equalTo("UP"))
                        .body("find { it.service == 'classifier' }.state", equalTo("UNREACHABLE"))
                        .body("find { it.service == 'taxonomy' }.state", equalTo("DOWN")));
    }

    @Test
    void shouldAllowDashboardsFromOtherOrigins() {
        given().header("Origin", "http://dashboard.example")
                .header("Access-Control-Request-Method", "GET")
                .options("/api/ingest/jobs").then()
                .header("Access-Control-Allow-Origin", "http://dashboard.example");
    }

    @Test
    void shouldListEveryServiceInOneSwaggerUi() {
        String config = given().get("/swagger-ui/index.html").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(config).contains("/api/ingest/q/openapi",
                "/api/classifier/q/openapi", "/api/metrics/q/openapi", "/api/taxonomy/q/openapi");
    }
}
