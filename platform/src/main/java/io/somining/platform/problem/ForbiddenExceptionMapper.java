package io.somining.platform.problem;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A valid token without a role the operation admits, or another person's object: 403. */
@Provider
public class ForbiddenExceptionMapper implements ExceptionMapper<ForbiddenException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ForbiddenException exception) {
        return Problems.response(Problem.of(403, "Forbidden",
                exception.getMessage() == null || exception.getMessage().isBlank()
                        ? "your roles do not allow this operation" : exception.getMessage(),
                Problems.instance(uriInfo)));
    }
}
