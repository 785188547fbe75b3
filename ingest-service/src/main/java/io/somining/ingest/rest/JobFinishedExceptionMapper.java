package io.somining.ingest.rest;

import io.somining.ingest.service.JobFinishedException;
import io.somining.platform.problem.Problems;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 409: the job is over; nothing changed. */
@Provider
public class JobFinishedExceptionMapper implements ExceptionMapper<JobFinishedException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(JobFinishedException exception) {
        return Problems.response(409, "Conflict", exception.getMessage(), uriInfo);
    }
}
