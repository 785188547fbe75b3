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

    /**
     * The framework's own refusals say what they mean for the client (their messages name annotations and
     * resource methods); the services' own exceptions carry their messages as written.
     */
    private String detail(WebApplicationException exception, int status) {
        String message = String.valueOf(exception.getMessage());
        if (exception instanceof jakarta.ws.rs.NotSupportedException) {
            return "this operation does not take a body of this Content-Type; its OpenAPI document lists the ones it takes";
        }
        if (exception instanceof jakarta.ws.rs.NotAcceptableException) {
            return "this operation cannot answer in a media type the Accept header allows; its OpenAPI document lists the ones it can";
        }
        if (exception instanceof jakarta.ws.rs.NotAllowedException) {
            return "this path does not take this method; its OpenAPI document lists the ones it takes";
        }
        if (status == 404 && (message.startsWith("Unable to find matching") || message.equals("HTTP 404 Not Found"))) {
            return "no operation at " + Problems.instance(uriInfo) + "; the service's operations are in its OpenAPI document";
        }
        return message;
    }

    @Override
    public Response toResponse(WebApplicationException exception) {
        if (exception instanceof NotFoundException && exception.getCause() instanceof IllegalArgumentException) {
            // a query or path parameter that is not of its type: JAX-RS says 404, the client needs to know which
            var unreadable = ParameterTypes.unreadable(resourceInfo == null ? null : resourceInfo.getResourceMethod(), uriInfo);
            if (unreadable.isPresent()) {
                return Problems.response(400, "Bad Request", unreadable.get(), uriInfo);
            }
        }
        if (Causes.find(exception.getCause(), com.fasterxml.jackson.core.JsonProcessingException.class::isInstance)
                instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            // a body the JSON reader gave up on, wrapped by the framework: say what and where, as for any body
            return JsonBodyExceptionMapper.problem(json, uriInfo);
        }
        int status = exception.getResponse().getStatus();
        Response.ResponseBuilder builder = Response.fromResponse(Problems.response(Problem.of(status,
                Problems.title(status), detail(exception, status), Problems.instance(uriInfo))));
        exception.getResponse().getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
