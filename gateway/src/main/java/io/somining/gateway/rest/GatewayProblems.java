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
 * The gateway's own operations answer as the services do, with problem documents: a missing or invalid token is a
 * 401 with the scheme to use (what it forwards, it leaves to the service: tokens are checked where they are used);
 * a method or media type they do not take, its status with the headers that say what they take.
 */
public final class GatewayProblems {

    private GatewayProblems() {
    }

    /** A problem document answer of the gateway's own operations; the title is the status's reason phrase. */
    static Response of(int status, String detail, String instance) {
        return Response.status(status).type(Problems.MEDIA_TYPE)
                .entity(Problems.json(status, title(status), detail, instance)).build();
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    static Response unauthorized(String detail, UriInfo uri) {
        return Response.status(401).type(Problems.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problems.json(401, "Unauthorized", detail, instance(uri))).build();
    }

    /** The request's path as the gateway serves it. */
    private static String instance(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    @Provider
    public static class Refused implements ExceptionMapper<jakarta.ws.rs.WebApplicationException> {

        @Context
        UriInfo uri;

        @Override
        public Response toResponse(jakarta.ws.rs.WebApplicationException exception) {
            int status = exception.getResponse().getStatus();
            String title = title(status);
            String path = instance(uri);
            com.fasterxml.jackson.core.JsonProcessingException unreadable = unreadableBody(exception);
            String detail = unreadable != null
                    ? unreadable(unreadable)
                    : status == 404 ? Problems.noOperation(path) : exception instanceof jakarta.ws.rs.NotAllowedException
                    ? "this path does not take this method; its OpenAPI document lists the ones it takes"
                    : exception instanceof jakarta.ws.rs.NotAcceptableException
                            ? "this operation cannot answer in a media type the Accept header allows" : title;
            Response.ResponseBuilder answer = Response.status(status).type(Problems.MEDIA_TYPE)
                    .entity(Problems.json(status, title, detail, path));
            exception.getResponse().getHeaders().forEach((name, values) -> {
                if (!"Content-Type".equalsIgnoreCase(name)) {
                    values.forEach(value -> answer.header(name, value));
                }
            });
            return answer.build();
        }
    }

    /**
     * A body that is no JSON, or JSON of another shape (the sign-in's {"user": ...}). Quarkus reports some as a 400
     * that wraps the error (above), maps others itself to an empty 400: a mapper of the application wins over those
     * only for the same exception type, hence one per type.
     */
    abstract static class UnreadableBody<T extends com.fasterxml.jackson.core.JsonProcessingException>
            implements ExceptionMapper<T> {

        @Context
        UriInfo uri;

        @Override
        public Response toResponse(T exception) {
            return Response.status(400).type(Problems.MEDIA_TYPE).entity(Problems.json(400, "Bad Request",
                    unreadable(exception), instance(uri))).build();
        }
    }

    @Provider
    public static class MismatchedBody extends UnreadableBody<com.fasterxml.jackson.databind.exc.MismatchedInputException> {
    }

    @Provider
    public static class MalformedBody extends UnreadableBody<com.fasterxml.jackson.core.JsonParseException> {
    }

    /** In the client's terms: where the JSON breaks, or that its shape is not the operation's (no Java names). */
    private static String unreadable(com.fasterxml.jackson.core.JsonProcessingException exception) {
        var at = exception.getLocation();
        if (exception instanceof com.fasterxml.jackson.core.JsonParseException || exception
                instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
            return "the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")");
        }
        return "the body is not the JSON object this operation reads; its OpenAPI document gives the form";
    }

    /** The JSON error a 400 wraps, when a body did not read. */
    private static com.fasterxml.jackson.core.JsonProcessingException unreadableBody(Throwable exception) {
        for (Throwable cause = exception; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return json;
            }
        }
        return null;
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
