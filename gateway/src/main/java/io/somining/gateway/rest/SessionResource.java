package io.somining.gateway.rest;

import io.smallrye.jwt.build.Jwt;
import io.somining.contracts.Roles;
import io.somining.gateway.config.GatewayConfig;
import io.somining.gateway.proxy.Problems;
import io.somining.gateway.proxy.SessionCookie;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The web application's session: who is signed in, signing out, and on the local stack only the sign-in page's
 * demo users, whose tokens the gateway signs with the stack's own key. The token goes into an HttpOnly cookie
 * ({@link SessionCookie}), never to the page's scripts.
 */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Session", description = "The web application's sign-in")
public class SessionResource {

    /** A demo user of the local sign-in page. */
    public record DemoUser(String user, List<String> roles) {
    }

    /** Who the session belongs to. */
    public record Me(String user, List<String> roles) {
    }

    /** The demo user to sign in as. */
    public record SignIn(String user) {
    }

    @Inject
    GatewayConfig config;

    @Inject
    JsonWebToken token;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<Set<String>> audiences;

    @GET
    @Path("/me")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "getSession", summary = "Who is signed in",
            description = "The subject and roles of the session cookie's token (or of a bearer token).")
    @APIResponse(responseCode = "200", description = "The signed-in user",
            content = @Content(schema = @Schema(implementation = Me.class)))
    @APIResponse(responseCode = "401", description = "Not signed in",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "The token's roles do not admit this operation",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Me me() {
        return new Me(token.getName(), List.copyOf(new java.util.TreeSet<>(token.getGroups())));
    }

    @POST
    @Path("/sign-out")
    @PermitAll
    @Operation(operationId = "signOut", summary = "End the session",
            description = "Clears the session cookie. With an identity provider, sign out there too.")
    @APIResponse(responseCode = "204", description = "Signed out")
    public Response signOut(@Context UriInfo uri, @Context HttpHeaders headers) {
        boolean secure = secure(uri, headers);
        return Response.noContent().header("Set-Cookie", SessionCookie.set("", 0, secure))
                .header("Set-Cookie", IdentityProviderResource.clearRefresh(secure)).build();
    }

    @GET
    @Path("/local/users")
    @PermitAll
    @Operation(operationId = "listDemoUsers", summary = "The local stack's demo users",
            description = "Only where the gateway signs tokens with the local stack's key (./suite up); 404 elsewhere.")
    @APIResponse(responseCode = "200", description = "Users and their roles",
            content = @Content(schema = @Schema(implementation = DemoUser[].class)))
    @APIResponse(responseCode = "404", description = "No local sign-in here",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response demoUsers() {
        if (config.localSignIn().privateKey().isEmpty()) {
            return notHere();
        }
        return Response.ok(users()).build();
    }

    @POST
    @Path("/local/sign-in")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "signInAsDemoUser", summary = "Sign in as a demo user of the local stack",
            description = "Sets the session cookie (HttpOnly, SameSite=Strict) with a token for the user's roles, "
                    + "signed with the local stack's key. Only on the local stack; 404 elsewhere.")
    @APIResponse(responseCode = "204", description = "Signed in; the cookie is set")
    @APIResponse(responseCode = "400", description = "No demo user of that name",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No local sign-in here",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response signIn(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "researcher", value = "{\"user\": \"alice\"}"))) SignIn request,
            @Context UriInfo uri, @Context HttpHeaders headers) {
        if (config.localSignIn().privateKey().isEmpty()) {
            return notHere();
        }
        DemoUser user = users().stream().filter(u -> request != null && u.user().equals(request.user())).findFirst()
                .orElse(null);
        if (user == null) {
            return GatewayProblems.of(400, "no demo user '" + (request == null ? null : request.user()) + "'; they are "
                    + users().stream().map(DemoUser::user).toList(), "/auth/local/sign-in");
        }
        long seconds = config.localSignIn().session().toSeconds();
        String signed = Jwt.issuer(issuer).audience(audiences.orElse(Set.of()))
                .subject(user.user()).upn(user.user()).groups(new LinkedHashSet<>(user.roles()))
                .expiresIn(seconds).jws().sign(privateKey());
        return Response.noContent().header("Set-Cookie", SessionCookie.set(signed, seconds, secure(uri, headers))).build();
    }

    private List<DemoUser> users() {
        return config.localSignIn().users().stream().map(entry -> {
            String[] parts = entry.split(":", 2);
            return new DemoUser(parts[0].strip(), Arrays.stream(parts[1].split("\\+")).map(String::strip).toList());
        }).toList();
    }

    private PrivateKey privateKey() {
        java.nio.file.Path file = config.localSignIn().privateKey().orElseThrow();
        try {
            return io.smallrye.jwt.util.KeyUtils.decodePrivateKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local sign-in key " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the local sign-in key " + file + " is no PKCS#8 RSA key", e);
        }
    }

    static boolean secure(UriInfo uri, HttpHeaders headers) {
        return "https".equalsIgnoreCase(uri.getRequestUri().getScheme())
                || "https".equalsIgnoreCase(headers.getHeaderString("X-Forwarded-Proto"));
    }

    private static Response notHere() {
        return GatewayProblems.of(404, "no local sign-in here: sign in with the identity provider", "/auth/local");
    }
}
