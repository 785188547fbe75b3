package io.somining.platform.problem;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which query or path parameter could not be read as its type. JAX-RS answers such a request 404 (the spec's
 * rule for query and path parameters) without naming it; the suite answers 400 naming the parameter, its value
 * and what it must be, found by reading each of the operation's parameters as written again.
 */
final class ParameterTypes {

    private ParameterTypes() {
    }

    static Optional<String> unreadable(Method operation, UriInfo uri) {
        if (operation == null || uri == null) {
            return Optional.empty();
        }
        for (Parameter parameter : operation.getParameters()) {
            String name = name(parameter, QueryParam.class);
            String value = name != null ? uri.getQueryParameters().getFirst(name) : null;
            if (name == null) {
                name = name(parameter, PathParam.class);
                value = name != null ? uri.getPathParameters().getFirst(name) : null;
            }
            if (value != null) {
                Optional<String> expected = expected(parameter.getType(), value);
                if (expected.isPresent()) {
                    return Optional.of(name + ": '" + value + "' is not " + expected.get());
                }
            }
        }
        return Optional.empty();
    }

    private static String name(Parameter parameter, Class<? extends Annotation> kind) {
        Annotation annotation = parameter.getAnnotation(kind);
        return annotation instanceof QueryParam query ? query.value()
                : annotation instanceof PathParam path ? path.value() : null;
    }

    /** What the value must be, when it cannot be read as {@code type}. */
    private static Optional<String> expected(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value.strip());
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value.strip());
            } else if (type == double.class || type == Double.class) {
                Double.parseDouble(value.strip());
            } else if (type.isEnum()) {
                if (Arrays.stream(type.getEnumConstants()).noneMatch(c -> ((Enum<?>) c).name().equals(value))) {
                    return Optional.of("one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                            .collect(Collectors.joining(", ")));
                }
            } else if (type == java.util.UUID.class) {
                java.util.UUID.fromString(value);
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(type == int.class || type == Integer.class || type == long.class || type == Long.class
                    ? "a whole number" : type == java.util.UUID.class ? "an id (a UUID)" : "a number");
        }
    }
}
