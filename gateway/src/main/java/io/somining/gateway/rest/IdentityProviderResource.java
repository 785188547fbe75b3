package io.somining.gateway.rest;

import io.somining.gateway.config.GatewayConfig;
import io.somining.gateway.proxy.Problems;
import io.somining.gateway.proxy.SessionCookie;
import io.somining.gateway.service.OidcSignIn;
import io.somining.gateway.service.OidcSignIn.Flow;
import io.somining.gateway.service.OidcSignIn.Session;
import io.somining.gateway.service.OidcSignIn.SignInFailed;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The web application's sign-in with the organisation's OpenID Connect provider: the gateway is the client
 * (authorization code flow with PKCE), the access token lands in the HttpOnly session cookie the gateway turns into
 * a bearer token ({@link SessionCookie}), the refresh token in a cookie only this path receives. No token reaches
 * the page's scripts.
 */
@Path("/auth/oidc")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Session", description = "The web application's sign-in")
public class IdentityProviderResource {

    static final String FLOW_COOKIE = "so_oidc";
    static final String REFRESH_COOKIE = "so_refresh";
    static final String PATH = "/auth/oidc";
    private static final long FLOW_SECONDS = 600;
    private static final long REFRESH_SECONDS = 30L * 24 * 3600;

    /** The identity provider the gateway signs in with. */
    public record Provider(URI issuer) {
    }

    @Inject
    OidcSignIn oidc;

    @Inject
    GatewayConfig config;

    @GET
    @PermitAll
    @Operation(operationId = "getIdentityProvider", summary = "The identity provider the web application signs in with",
            description = "Where the gateway is configured with an OpenID Connect provider (`gateway.oidc.issuer`); "
                    + "404 elsewhere.")
    @APIResponse(responseCode = "200", description = "The provider",
            content = @Content(schema = @Schema(implementation = Provider.class)))
    @APIResponse(responseCode = "404", description = "No identity provider configured",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response provider() {
        return oidc.enabled() ? Response.ok(new Provider(oidc.issuer())).build() : notConfigured();
    }

    @GET
    @Path("/sign-in")
    @PermitAll
    @Operation(operationId = "startSignIn", summary = "Start signing in with the identity provider",
            description = "Redirects the browser to the provider's authorization endpoint (code flow, PKCE with "
                    + "S256, state and nonce); what the callback must match is kept in a short-lived HttpOnly cookie.")
    @APIResponse(responseCode = "302", description = "To the provider")
    @APIResponse(responseCode = "404", description = "No identity provider configured",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "502", description = "The provider's configuration could not be read",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response signIn(@Context UriInfo uri, @Context HttpHeaders headers) {
        if (!oidc.enabled()) {
            return notConfigured();
        }
        try {
            OidcSignIn.Start start = oidc.start(callback(uri));
            return Response.status(302).location(start.authorization())
                    .header("Set-Cookie", flowCookie(start.flow().encode(), FLOW_SECONDS, uri, headers)).build();
        } catch (SignInFailed e) {
            return GatewayProblems.of(502, e.getMessage(), PATH + "/sign-in");
        }
    }

    @GET
    @Path("/callback")
    @PermitAll
    @Operation(operationId = "finishSignIn", summary = "The identity provider's redirect back after sign-in",
            description = "Checks the state against the sign-in's cookie, exchanges the code with the PKCE verifier, "
                    + "validates the ID token (issuer, audience, expiry, signature, nonce), sets the session cookies "
                    + "and sends the browser to the application; a failure is shown on the sign-in page.")
    @APIResponse(responseCode = "303", description = "To the application, signed in, or to its sign-in page with "
            + "the reason")
    @APIResponse(responseCode = "404", description = "No identity provider configured",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response callback(@Parameter(description = "The authorization code") @QueryParam("code") String code,
            @Parameter(description = "The state the sign-in sent") @QueryParam("state") String state,
            @Parameter(description = "The provider's error code, when it refused") @QueryParam("error") String error,
            @Parameter(description = "The provider's explanation of the error")
            @QueryParam("error_description") String errorDescription,
            @CookieParam(FLOW_COOKIE) String flowCookie, @Context UriInfo uri, @Context HttpHeaders headers) {
        if (!oidc.enabled()) {
            return notConfigured();
        }
        String clearFlow = flowCookie("", 0, uri, headers);
        Optional<Flow> flow = Flow.decode(flowCookie);
        if (error != null) {
            return failed("the identity provider refused: " + error
                    + (errorDescription == null ? "" : " (" + errorDescription + ")"), clearFlow);
        }
        if (flow.isEmpty() || code == null || !flow.get().state().equals(state)) {
            return failed("this sign-in was not started here or has expired (its state does not match); sign in "
                    + "again", clearFlow);
        }
        try {
            Session session = oidc.finish(code, flow.get(), callback(uri));
            Response.ResponseBuilder answer = Response.seeOther(URI.create("/")).header("Set-Cookie", clearFlow);
            return withSession(answer, session, uri, headers).build();
        } catch (SignInFailed e) {
            return failed(e.getMessage(), clearFlow);
        }
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(operationId = "refreshSession", summary = "Renew the session with the refresh token",
            description = "The application calls this when the API answers 401: the refresh token's cookie (sent only "
                    + "to this path) is exchanged for new tokens. 401 when there is none or the provider refuses it; "
                    + "the application then signs in again.")
    @APIResponse(responseCode = "204", description = "Renewed; the cookies are set")
    @APIResponse(responseCode = "401", description = "No refresh token, or the provider refused it",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No identity provider configured",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response refresh(@CookieParam(REFRESH_COOKIE) String refreshToken, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        if (!oidc.enabled()) {
            return notConfigured();
        }
        if (refreshToken == null || refreshToken.isBlank()) {
            return GatewayProblems.of(401, "no refresh token: sign in again", PATH + "/refresh");
        }
        try {
            return withSession(Response.noContent(), oidc.refresh(refreshToken), uri, headers).build();
        } catch (SignInFailed e) {
            return GatewayProblems.of(401, e.getMessage() + "; sign in again", PATH + "/refresh");
        }
    }

    /** The cookie that clears the refresh token, for signing out. */
    static String clearRefresh(boolean secure) {
        return SessionCookie.cookie(REFRESH_COOKIE, "", PATH, 0, "Strict", secure);
    }

    private Response.ResponseBuilder withSession(Response.ResponseBuilder answer, Session session, UriInfo uri,
            HttpHeaders headers) {
        boolean secure = SessionResource.secure(uri, headers);
        long lifetime = session.lifetimeSeconds() > 0 ? session.lifetimeSeconds() : config.localSignIn().session()
                .toSeconds();
        answer.header("Set-Cookie", SessionCookie.set(session.accessToken(), lifetime, secure));
        session.refreshToken().ifPresent(token -> answer.header("Set-Cookie",
                SessionCookie.cookie(REFRESH_COOKIE, token, PATH, REFRESH_SECONDS, "Strict", secure)));
        return answer;
    }

    private URI callback(UriInfo uri) {
        URI base = config.oidc().publicUrl().orElse(uri.getBaseUri());
        return base.resolve(PATH + "/callback");
    }

    // Lax, not Strict: the provider's redirect back is a cross-site navigation, and Strict cookies are not sent on it
    private static String flowCookie(String value, long maxAge, UriInfo uri, HttpHeaders headers) {
        return SessionCookie.cookie(FLOW_COOKIE, value, PATH, maxAge, "Lax", SessionResource.secure(uri, headers));
    }

    private static Response failed(String reason, String clearFlow) {
        return Response.seeOther(URI.create("/#/sign-in?error=" + URLEncoder.encode(reason, StandardCharsets.UTF_8)))
                .header("Set-Cookie", clearFlow).build();
    }

    private static Response notConfigured() {
        return GatewayProblems.of(404, "no identity provider is configured on this gateway (gateway.oidc.issuer)",
                PATH);
    }
}
