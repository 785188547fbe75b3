package io.somining.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
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
        return problem(exception, uriInfo);
    }

    /**
     * What is wrong and where, in the client's terms: the field's path and the kind of value it takes, never the
     * parser's message (it names Java types and library settings).
     */
    /** The problem: its detail, and the field in errors[] where the body has one. */
    static Response problem(JsonProcessingException exception, UriInfo uriInfo) {
        String field = field(exception);
        return Problems.response(new Problem("about:blank", "Bad Request", 400, describe(exception), Problems.instance(uriInfo),
                field == null ? java.util.List.of() : java.util.List.of(new Problem.FieldError(field, what(exception)))));
    }

    /** The path of the value at fault ({@code sets[0].rule}), or null (no JSON, or the body as a whole). */
    private static String field(JsonProcessingException exception) {
        if (malformed(exception) || !(exception instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return null;
        }
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    static String describe(JsonProcessingException exception) {
        String field = field(exception);
        String where = field == null ? "" : field + ": ";
        var location = exception.getLocation();
        String at = location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        // where a text is no JSON, the reader's path is only how far it got (field() leaves it out)
        return "the request body: " + where + what(exception) + at;
    }

    /** What is wrong with the value at the error's path, in the client's terms (no path, no position). */
    public static String what(JsonProcessingException exception) {
        if (malformed(exception)) {
            return "not valid JSON";
        }
        if (exception instanceof UnrecognizedPropertyException unknown) {
            return "no such field" + (unknown.getKnownPropertyIds() == null ? "" : " (fields: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")");
        }
        if (exception instanceof com.fasterxml.jackson.databind.exc.InvalidTypeIdException typeId) {
            // a kind of value named by a key (a rule's predicate, ...): the kinds there are
            var kinds = typeId.getBaseType() == null ? null
                    : typeId.getBaseType().getRawClass().getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
            return (typeId.getTypeId() == null ? "a kind is missing" : "'" + typeId.getTypeId() + "' is no kind known here")
                    + (kinds == null ? "" : " (one of " + java.util.Arrays.stream(kinds.value())
                            .map(com.fasterxml.jackson.annotation.JsonSubTypes.Type::name).collect(Collectors.joining(", ")) + ")");
        }
        if (exception instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not " + kind(format.getTargetType());
        }
        if (exception instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return mismatch.getTargetType().isPrimitive() && String.valueOf(mismatch.getOriginalMessage()).contains("null")
                    ? "may not be null" : "must be " + kind(mismatch.getTargetType());
        }
        if (exception instanceof ValueInstantiationException && exception.getCause() instanceof IllegalArgumentException invalid) {
            // a record's own check (its constructor says what is wrong, in the client's terms)
            return invalid.getMessage();
        }
        return "missing, or not of the kind this operation takes";
    }

    /** The text is no JSON (an error the reader met while mapping, too). */
    private static boolean malformed(Throwable exception) {
        return Causes.find(exception, JsonParseException.class::isInstance) != null;
    }

    /** A JSON value's kind, as a client writes it. */
    private static String kind(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "a text";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class || type == short.class
                || type == Short.class || type == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type == java.util.UUID.class) {
            return "an id (a UUID)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a date and time (ISO 8601)";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    /** Registered for the exact type too: Quarkus maps it itself, to an empty 400, unless a mapper names it. */
    @Provider
    public static class MismatchedInput implements ExceptionMapper<MismatchedInputException> {

        @Context
        UriInfo uriInfo;

        @Override
        public Response toResponse(MismatchedInputException exception) {
            return problem(exception, uriInfo);
        }
    }
}
