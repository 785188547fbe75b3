package io.somining.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The production sign-in: the gateway as the client of an OpenID Connect provider, code flow with PKCE. */
@QuarkusTest
@WithTestResource(MockIdentityProvider.class)
class IdentityProviderSignInTest {

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** Where the sign-in sent the browser, and the cookie it set. */
    private record Started(URI authorization, Map<String, String> query, String flowCookie, String setCookie) {
    }

    @Test
    void shouldSignInThroughTheProviderWithPkceAndKeepTheTokensInHttpOnlyCookies() throws Exception {
        Started started = start();
        String issuer = ConfigProvider.getConfig().getValue("gateway.oidc.issuer", String.class);

        assertThat(started.authorization().toString()).startsWith(issuer);
        assertThat(started.query()).containsEntry("response_type", "code")
                .containsEntry("client_id", MockIdentityProvider.CLIENT_ID)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", "http://localhost:" + port() + "/auth/oidc/callback");
        assertThat(started.query().get("scope").split(" ")).contains("openid", "offline_access");
        String[] flow = started.flowCookie().split("~");
        // the challenge is the verifier's SHA-256, as RFC 7636 computes it
        assertThat(started.query().get("code_challenge")).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(flow[2].getBytes(StandardCharsets.US_ASCII))));
        assertThat(flow[0]).isEqualTo(started.query().get("state"));
        assertThat(flow[1]).isEqualTo(started.query().get("nonce"));
        assertThat(started.setCookie()).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/auth/oidc");

        Response callback = callback(authorize(started), started.flowCookie());
        List<String> cookies = callback.headers().getValues("Set-Cookie");
        assertThat(callback.header("Location")).as("where the callback sent the browser").doesNotContain("error=");
        String session = value(cookies, "so_session");
        String refresh = value(cookies, "so_refresh");

        assertThat(callback.statusCode()).isEqualTo(303);
        assertThat(callback.header("Location")).endsWith("/");
        assertThat(cookie(cookies, "so_session")).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/;");
        assertThat(cookie(cookies, "so_refresh")).contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/auth/oidc");
        assertThat(cookie(cookies, "so_oidc")).contains("Max-Age=0");
        // the access token is the provider's, verified by the gateway as the services verify it
        given().cookie("so_session", session).get("/auth/me").then().statusCode(200)
                .body("user", equalTo("alice")).body("roles", equalTo(List.of("researcher")));

        Response renewed = given().cookie("so_refresh", refresh).header("X-Requested-With", "so-mining")
                .post("/auth/oidc/refresh");
        String newSession = value(renewed.headers().getValues("Set-Cookie"), "so_session");

        assertThat(renewed.statusCode()).isEqualTo(204);
        assertThat(newSession).isNotEqualTo(session);
        given().cookie("so_session", newSession).get("/auth/me").then().statusCode(200).body("user", equalTo("alice"));
    }

    @Test
    void shouldRefuseACallbackThatThisBrowserDidNotStartOrThatWasTamperedWith() throws Exception {
        Started started = start();
        String[] flow = started.flowCookie().split("~");
        String code = authorize(started);

        assertRefused(callback(code, null), "not started here");
        assertRefused(callback(code, "another-state~" + flow[1] + "~" + flow[2]), "state does not match");
        // the provider signed the ID token for the nonce this sign-in sent, not for another
        assertRefused(callback(code, flow[0] + "~another-nonce~" + flow[2]), "ID token is not valid");

        Started again = start();
        assertRefused(callback("?error=access_denied&error_description=User+cancelled&state="
                + again.query().get("state"), again.flowCookie()), "refused: access_denied (User cancelled)");
    }

    @Test
    void shouldOfferTheProviderAndNoDemoUsersWhenAnIssuerIsConfigured() {
        given().get("/auth/oidc").then().statusCode(200)
                .body("issuer", equalTo(ConfigProvider.getConfig().getValue("gateway.oidc.issuer", String.class)));
        given().get("/auth/local/users").then().statusCode(404);
        given().post("/auth/oidc/refresh").then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("no refresh token: sign in again"));
    }

    private Started start() {
        Response response = given().redirects().follow(false).get("/auth/oidc/sign-in");
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.header("Location"));
        String setCookie = response.header("Set-Cookie");
        return new Started(location, query(location.getRawQuery()), value(List.of(setCookie), "so_oidc"), setCookie);
    }

    /** The browser at the provider: it signs the user in and redirects back with the code and state. */
    private String authorize(Started started) throws Exception {
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(started.authorization()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        URI back = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).isEqualTo("/auth/oidc/callback");
        return "?" + back.getRawQuery();
    }

    private static Response callback(String query, String flowCookie) {
        var request = given().redirects().follow(false).urlEncodingEnabled(false);
        if (flowCookie != null) {
            request.cookie("so_oidc", flowCookie);
        }
        return request.get("/auth/oidc/callback" + query);
    }

    private static void assertRefused(Response callback, String reason) {
        String location = URLDecoder.decode(callback.header("Location"), StandardCharsets.UTF_8);
        assertThat(callback.statusCode()).isEqualTo(303);
        assertThat(location).contains("/#/sign-in?error=").contains(reason);
        assertThat(callback.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("so_session="));
    }

    private static Map<String, String> query(String raw) {
        return Arrays.stream(raw.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(
                p -> URLDecoder.decode(p[0], StandardCharsets.UTF_8), p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private static String cookie(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow(
                () -> new AssertionError("no cookie " + name + " in " + setCookies));
    }

    private static String value(List<String> setCookies, String name) {
        String cookie = cookie(setCookies, name);
        return cookie.substring(name.length() + 1, cookie.indexOf(';'));
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }
}
