package io.somining.platform.problem;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** 4xx and 5xx raised on purpose (NotFoundException, BadRequestException, ...) as problem documents. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Context
    ResourceInfo resourceInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof NotFoundException && exception.getCause() instanceof IllegalArgumentException) {
            // a query or path parameter that is not of its type: JAX-RS says 404, the client needs to know which
            var unreadable = ParameterTypes.unreadable(resourceInfo == null ? null : resourceInfo.getResourceMethod(), uriInfo);
            if (unreadable.isPresent()) {
                return Problems.response(400, "Bad Request", unreadable.get(), uriInfo);
            }
        }
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                // a body the JSON reader gave up on, wrapped by the framework: say what and where, as for any body
                return Problems.response(400, "Bad Request", JsonBodyExceptionMapper.describe(json), uriInfo);
            }
        }
        int status = exception.getResponse().getStatus();
        Response.ResponseBuilder builder = Response.fromResponse(Problems.response(Problem.of(status,
                Problems.title(status), exception.getMessage(), Problems.instance(uriInfo))));
        exception.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
