package io.somining.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.somining.testing.TestTokens;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubServices.class)
class WebAppTest {

    @Test
    void shouldServeTheWebApplicationAtTheRootUnderItsOwnPolicy() {
        String page = given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .header("Content-Security-Policy", startsWith("default-src 'self'; script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Cache-Control", "no-cache")
                .extract().asString();
        Matcher script = Pattern.compile("src=\"(/static/bundle/main-[^\"]+\\.js)\"").matcher(page);

        assertThat(page).contains("<so-app></so-app>");
        assertThat(script.find()).as("the bundled script in %s", page).isTrue();
        String bundle = given().get(script.group(1)).then().statusCode(200).extract().asString();
        // the libraries are in the bundle, none is fetched from elsewhere
        assertThat(bundle).contains("so-sign-in").contains("DOMPurify").doesNotContain("https://cdn");
        // the API keeps its own policy
        given().get("/api/status").then().header("Content-Security-Policy", startsWith("default-src 'none'"));
    }

    @Test
    void shouldSignInADemoUserIntoAnHttpOnlyCookieThatTheGatewayTurnsIntoABearerToken() {
        given().get("/auth/local/users").then().statusCode(200).body("user", hasItems("alice", "bob", "erin"));

        Response signIn = given().contentType("application/json").body("{\"user\":\"alice\"}").post("/auth/local/sign-in");
        String setCookie = signIn.header("Set-Cookie");
        String cookie = setCookie.substring(0, setCookie.indexOf(';')).substring("so_session=".length());

        assertThat(signIn.statusCode()).isEqualTo(204);
        assertThat(setCookie).startsWith("so_session=ey").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        given().cookie("so_session", cookie).get("/auth/me").then().statusCode(200)
                .body("user", equalTo("alice")).body("roles", equalTo(java.util.List.of("researcher")));
        given().cookie("so_session", cookie).get("/api/status").then().statusCode(200);
        // forwarded to the service as a bearer token
        given().cookie("so_session", cookie).get("/api/ingest/authorization").then().statusCode(200)
                .body(equalTo("Bearer " + cookie));
        // a request with its own token keeps it
        String bob = TestTokens.forSubject("bob", "rater");
        given().cookie("so_session", cookie).auth().oauth2(bob).get("/api/ingest/authorization").then()
                .body(equalTo("Bearer " + bob));
    }

    @Test
    void shouldRefuseAChangeSignedInByTheCookieAloneAndAnUnknownDemoUser() {
        String setCookie = given().contentType("application/json").body("{\"user\":\"erin\"}").post("/auth/local/sign-in")
                .header("Set-Cookie");
        String cookie = setCookie.substring("so_session=".length(), setCookie.indexOf(';'));

        // what a form on another site could send: the cookie, without the header
        given().cookie("so_session", cookie).post("/api/ingest/anything").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("X-Requested-With: so-mining"));
        given().cookie("so_session", cookie).header("X-Requested-With", "so-mining").post("/api/ingest/anything").then()
                .statusCode(200);
        given().contentType("application/json").body("{\"user\":\"mallory\"}").post("/auth/local/sign-in").then()
                .statusCode(400).body("detail", containsString("no demo user 'mallory'"));
        given().post("/auth/sign-out").then().statusCode(204).header("Set-Cookie", containsString("Max-Age=0"));
        for (String wrongShape : java.util.List.of("[]", "\"alice\"", "{\"user\":[1]}")) {
            given().contentType("application/json").body(wrongShape).post("/auth/local/sign-in").then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("not the JSON object"))
                    .body("detail", org.hamcrest.Matchers.not(containsString("SessionResource")));
        }
        given().contentType("application/json").body("{\"user\":").post("/auth/local/sign-in").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("the body is not valid JSON (line 1, column 9)"));
    }

    @Test
    void shouldServeTheReproductionReportsToSignedInUsersAndNothingBesideThem() {
        String reader = TestTokens.forRoles("reader");

        given().auth().oauth2(reader).get("/reports").then().statusCode(200)
                .body("study", equalTo(java.util.List.of("fse2020")))
                .body("[0].files", equalTo(java.util.List.of("index.html", "figures.csv", "report.md")));
        given().auth().oauth2(reader).get("/reports/fse2020/index.html").then().statusCode(200)
                .contentType(startsWith("text/html")).body(containsString("<h1>Reproduction</h1>"))
                // the report's own inline styles and images, nothing that runs
                .header("Content-Security-Policy", startsWith("default-src 'none'; style-src 'unsafe-inline'; img-src data:;"));
        given().auth().oauth2(reader).get("/reports/fse2020/report.md").then().statusCode(200)
                .contentType(startsWith("text/markdown"));
        given().get("/reports/fse2020/index.html").then().statusCode(401);
        for (String outside : new String[] { "/reports/fse2020/notes.txt", "/reports/fse2020/..%2Fsecret.html",
                "/reports/..%2Ffse2020/index.html", "/reports/fse2020/%2E%2E%2Fsecret.html", "/reports/nothing/index.html" }) {
            given().auth().oauth2(reader).urlEncodingEnabled(false).get(outside).then().statusCode(404);
        }
    }
}
