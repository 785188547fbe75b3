package io.somining.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.somining.gateway.config.CorsOrigins;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dashboards on origins the operator lists may call the API; nobody else, and never the origin 'null'. */
@QuarkusTest
@TestProfile(CorsOriginsTest.Dashboard.class)
@WithTestResource(StubServices.class)
class CorsOriginsTest {

    public static class Dashboard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.origins", "https://dashboard.example");
        }
    }

    @Test
    void shouldAllowTheListedOriginsOnly() {
        given().header("Origin", "https://dashboard.example").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/ingest/jobs").then()
                .header("Access-Control-Allow-Origin", "https://dashboard.example");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET")
                .options("/api/ingest/jobs").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void shouldRefuseAnyOriginAndTheNullOriginAtStartup() {
        for (String origin : new String[] { "*", "null", "/.*/", "/(null|https://a\\.example)/" }) {
            assertThatThrownBy(() -> CorsOrigins.check(origin)).as(origin).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("GATEWAY_CORS_ORIGINS: '" + origin + "'");
        }
        assertThatCode(() -> CorsOrigins.check("/https://[a-z]+\\.dashboard\\.example/")).doesNotThrowAnyException();
    }
}
