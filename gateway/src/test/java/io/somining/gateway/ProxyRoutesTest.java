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
        // with a body too: the wait starts when the body has been sent
        given().contentType("text/plain").body("12345").post("/api/metrics/slow").then().statusCode(504)
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
    void shouldRefuseABodyOverTheServiceLimitHoweverItIsFramed() throws Exception {
        // given a body of 1.6 MB sent in chunks, without a declared length, to a service that takes 10 bytes
        byte[] body = new byte[1_600_000];
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/metrics/count"))
                .header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
        long before = StubServices.COUNTED.get();

        // when
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        // then the gateway refused it, and the service got no more than the limit
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(413);
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        org.assertj.core.api.Assertions.assertThat(response.body())
                .contains("request body exceeds the limit of 10 bytes for service 'metrics'");
        org.assertj.core.api.Assertions.assertThat(StubServices.COUNTED.get() - before).isLessThanOrEqualTo(10);
    }

    @Test
    void shouldForwardTheBodyOfAnHttp2ClientThatDeclaresNoLength() throws Exception {
        // given a client speaking HTTP/2 over plain HTTP (the JDK client's default), upgraded by a first request
        var client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        String base = io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
        client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/metrics/anything")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        long before = StubServices.COUNTED.get();

        // when it posts 7 bytes of unknown length (HTTP/2 frames them; no Content-Length)
        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/api/metrics/count")).header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream("1234567".getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());

        // then the service got them all
        org.assertj.core.api.Assertions.assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(response.body()).isEqualTo("counted");
        org.assertj.core.api.Assertions.assertThat(StubServices.COUNTED.get() - before).isEqualTo(7);
    }

    @Test
    void shouldWaitForTheServicesAnswerFromTheEndOfASlowClientsBody() throws Exception {
        // given 8 bytes sent one every 300 ms, 2.4 s in all, to a route whose service must answer within 1 s
        byte[] body = "12345678".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/metrics/count"))
                .header("Content-Type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.InputStream() {
                    private int next;

                    @Override
                    public int read() {
                        if (next == body.length) {
                            return -1;
                        }
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return body[next++];
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) {
                        int b = read();
                        if (b < 0) {
                            return -1;
                        }
                        buffer[offset] = (byte) b;
                        return 1;
                    }
                })).build();
        long before = StubServices.COUNTED.get();

        // when
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofString());

        // then the service got the whole body and its answer came through (a service slow to answer still gets 504)
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(response.body()).isEqualTo("counted");
        org.assertj.core.api.Assertions.assertThat(StubServices.COUNTED.get() - before).isEqualTo(8);
    }

    @Test
    void shouldPointLocationsAtTheGatewayNotAtTheService() {
        given().post("/api/ingest/created").then().statusCode(201).header("Location", "/api/ingest/jobs/42?view=full");
        given().post("/api/ingest/created/relative").then().statusCode(201).header("Location", "/api/ingest/jobs/7");
        given().post("/api/ingest/created/elsewhere").then().statusCode(201)
                .header("Location", "https://elsewhere.example/jobs/8");
    }

    @Test
    void shouldRefuseOtherOriginsUnlessConfigured() {
        for (String origin : java.util.List.of("https://evil.example", "null")) {
            given().header("Origin", origin).header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization")
                    .options("/api/ingest/jobs").then()
                    // without it a browser refuses the call
                    .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
        }
    }

    @Test
    void shouldSendSecurityHeadersWithEveryResponse() {
        // forwarded, answered by the gateway itself, a problem document of the gateway, a route nothing answers
        for (String path : java.util.List.of("/api/ingest/jobs", "/api/status", "/api/classifier/studies", "/nothing/here")) {
            given().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Content-Security-Policy", org.hamcrest.Matchers.startsWith("default-src 'none'"));
        }
        given().get("/swagger-ui/index.html").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .header("Cache-Control", "no-cache");
    }

    @Test
    void shouldAnswerAMethodItsOwnOperationsDoNotTakeWithAProblemDocument() {
        given().post("/api/status").then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405))
                .header("X-Content-Type-Options", "nosniff");
        // the Swagger UI's policy for its own pages only, however the path is written
        given().urlEncodingEnabled(false).get("/swagger-ui/%2e%2e/api/status").then()
                .header("Content-Security-Policy", org.hamcrest.Matchers.startsWith("default-src 'none'"));
    }

    @Test
    void shouldAnswerARouteNothingServesWithAProblemDocument() {
        given().get("/nothing/here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no operation at /nothing/here"));
    }

    @Test
    void shouldListEveryServiceInOneSwaggerUi() {
        String config = given().get("/swagger-ui/index.html").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(config).contains("/api/ingest/q/openapi",
                "/api/classifier/q/openapi", "/api/metrics/q/openapi", "/api/taxonomy/q/openapi");
    }
}
