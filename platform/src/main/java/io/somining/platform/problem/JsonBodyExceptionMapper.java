package io.somining.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;

/**
 * A request body that is no JSON, or JSON of the wrong shape, as a problem document naming where
 * (Quarkus answers such a body with an empty 400 otherwise).
 */
@Provider
public class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(JsonProcessingException exception) {
        return Problems.response(400, "Bad Request", describe(exception), uriInfo);
    }

    static String describe(JsonProcessingException exception) {
        String where = "";
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            where = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "") + ": ";
        }
        var location = exception.getLocation();
        String at = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return "the request body: " + where + exception.getOriginalMessage() + at;
    }

    /** Registered for the exact type too: Quarkus maps it itself, to an empty 400, unless a mapper names it. */
    @Provider
    public static class MismatchedInput implements ExceptionMapper<MismatchedInputException> {

        @Context
        UriInfo uriInfo;

        @Override
        public Response toResponse(MismatchedInputException exception) {
            return Problems.response(400, "Bad Request", describe(exception), uriInfo);
        }
    }
}
