package io.somining.classifier.rest;

import io.somining.classifier.service.VersionConflictException;
import io.somining.platform.problem.Problems;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409: the version contradicts a published one; nothing was stored. */
@Provider
public class VersionConflictExceptionMapper implements ExceptionMapper<VersionConflictException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(VersionConflictException exception) {
        return Problems.response(409, "Conflict", exception.getMessage(), uriInfo);
    }
}
