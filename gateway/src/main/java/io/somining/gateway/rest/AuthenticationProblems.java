package io.somining.gateway.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.somining.gateway.proxy.Problems;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The gateway's own operations answer a missing or invalid token as the services do: 401, a problem document and
 * the scheme to use. (What it forwards, it leaves to the service: tokens are checked where they are used.)
 */
public final class AuthenticationProblems {

    private AuthenticationProblems() {
    }

    static Response unauthorized(String detail, UriInfo uri) {
        return Response.status(401).type(Problems.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problems.json(401, "Unauthorized", detail, uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "")))
                .build();
    }

    @Provider
    public static class InvalidToken implements ExceptionMapper<AuthenticationFailedException> {

        @Context
        UriInfo uri;

        @Override
        public Response toResponse(AuthenticationFailedException exception) {
            return unauthorized("the bearer token is not valid", uri);
        }
    }

    @Provider
    public static class NoToken implements ExceptionMapper<UnauthorizedException> {

        @Context
        UriInfo uri;

        @Override
        public Response toResponse(UnauthorizedException exception) {
            return unauthorized("this operation needs a bearer token", uri);
        }
    }
}
