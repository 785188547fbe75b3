package io.somining.platform.problem;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;

/** {@code @Valid} failures at the boundary: 400 naming every invalid field. */
@Provider
public class ConstraintViolationExceptionMapper implements ExceptionMapper<ConstraintViolationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ConstraintViolationException exception) {
        var errors = exception.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return Problems.response(new Problem("about:blank", "Invalid request", 400,
                errors.size() + " field(s) invalid", Problems.instance(uriInfo), errors));
    }

    /**
     * Drops the method and parameter prefix of a path such as {@code start.request.path}, and the validator's names
     * of container elements ({@code labels[0].<list element>} is {@code labels[0]}).
     */
    static String fieldOf(String propertyPath) {
        String[] parts = propertyPath.replaceAll("\\.<[^>]*>", "").split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }
}
