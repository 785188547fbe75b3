package io.somining.platform.problem;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A token that is invalid (signature, issuer, audience, expiry, algorithm): 401, and why in general terms only. */
@Provider
public class AuthenticationFailedExceptionMapper implements ExceptionMapper<AuthenticationFailedException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(AuthenticationFailedException exception) {
        return Problems.unauthorized("the bearer token is not valid", uriInfo);
    }
}
